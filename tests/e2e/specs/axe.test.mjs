// axe-core accessibility audit of the page, light and dark, desktop and phone width.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { openApp, serveDist, sharedSetup } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const env = sharedSetup();

function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ')}`)
          .join('\n'),
    )
    .join('\n');
}

describe('axe-core', () => {
  for (const [width, colorScheme] of [
    [1280, 'light'],
    [1280, 'dark'],
    [360, 'light'],
    [360, 'dark'],
  ]) {
    it(`0 violations at ${width}px ${colorScheme}`, async () => {
      const app = await openApp(env.browser, env.server.url, { width, colorScheme });
      try {
        await app.page.waitForLoadState('networkidle');
        // Evaluated through the DevTools protocol, so a page CSP does not block it.
        await app.page.evaluate(AXE_SOURCE);
        const result = await app.page.evaluate(() =>
          // eslint-disable-next-line no-undef
          axe.run(document, { resultTypes: ['violations'] }),
        );
        const { violations } = result;
        console.log(`axe ${result.testEngine.version} at ${width}px ${colorScheme}: ${violations.length} violations`);
        assert.equal(violations.length, 0, `axe violations:\n${describeViolations(violations)}`);
      } finally {
        await app.close();
      }
    });
  }
});
