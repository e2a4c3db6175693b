// Full-page screenshots at desktop and phone widths, light and dark, for people to look at.
// Written to tests/e2e/artifacts/ (gitignored).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FORBIDDEN_TEXT, ensureArtifacts, launchBrowser, openApp, serveDist } from '../lib/harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('screenshots', () => {
  for (const width of [1280, 360]) {
    for (const colorScheme of ['light', 'dark']) {
      it(`${width}px ${colorScheme}`, async () => {
        const app = await openApp(browser, server.url, { width, height: width > 800 ? 900 : 780, colorScheme });
        try {
          await app.page.waitForLoadState('networkidle');
          const file = path.join(ensureArtifacts(), `app-${width}-${colorScheme}.png`);
          await app.page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 1000, `${file} written`);
          // Nothing may stick out sideways at this width.
          const overflow = await app.page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 0, `no horizontal scrolling at ${width}px (overflow ${overflow}px)`);
          assert.doesNotMatch(await app.page.locator('body').innerText(), FORBIDDEN_TEXT);
        } finally {
          await app.close();
        }
      });
    }
  }
});
