// Lighthouse (node API) against the served release bundle in Debian's chromium: mobile (the
// default, simulated slow 4G + 4x CPU slowdown) and desktop presets. Prints all four category
// scores, writes them to tests/e2e/artifacts/lighthouse.json (and the HTML reports beside it),
// and requires accessibility and best-practices >= 95.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ensureArtifacts, serveDist } from '../lib/harness.mjs';
import { runLighthouse } from '../lib/lighthouse.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const REQUIRED = { accessibility: 95, 'best-practices': 95 };

let server;
const scores = {};

before(async () => {
  server = await serveDist();
});

after(async () => {
  await server?.close();
  if (Object.keys(scores).length > 0) {
    const file = path.join(ensureArtifacts(), 'lighthouse.json');
    fs.writeFileSync(file, JSON.stringify({ url: server?.url, scores }, null, 2) + '\n');
    console.log(`wrote ${file}`);
  }
});

async function audit(preset) {
  const result = await runLighthouse(server.url, {
    preset,
    flags: { output: ['json', 'html'], onlyCategories: CATEGORIES },
  });
  const [, html] = result.report;
  fs.writeFileSync(path.join(ensureArtifacts(), `lighthouse-${preset}.html`), html);
  return result.lhr;
}

function failingAudits(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => `  - ${a.id}: ${a.title} (score ${a.score})`)
    .join('\n');
}

describe('lighthouse', () => {
  for (const preset of ['mobile', 'desktop']) {
    it(`${preset}: accessibility and best-practices >= 95`, async () => {
      const lhr = await audit(preset);
      assert.equal(lhr.runtimeError, undefined, `lighthouse runtime error: ${JSON.stringify(lhr.runtimeError)}`);
      const s = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
      scores[preset] = s;
      console.log(`lighthouse ${lhr.lighthouseVersion} ${preset}: ${CATEGORIES.map((c) => `${c} ${s[c]}`).join(', ')}`);
      for (const c of CATEGORIES) {
        if (s[c] < 100) console.log(`${preset} ${c} below 100:\n${failingAudits(lhr, c)}`);
      }
      for (const [category, min] of Object.entries(REQUIRED)) {
        assert.ok(s[category] >= min, `${preset} ${category} ${s[category]} < ${min}:\n${failingAudits(lhr, category)}`);
      }
    });
  }
});
