#!/usr/bin/env node
// Issue 14's page figures from one run: gzip bytes needed for the first paint, for the
// interactive calculator and for the whole app, and Lighthouse mobile (simulated slow 4G, 4x CPU
// slowdown) performance, LCP, TBT and CLS as the median of RUNS runs (default 3), with the
// machine's load beside them. Prints them and writes tests/e2e/artifacts/bench-page.json.
// A benchmark, not a test (the targets are in the note; scripts/bundle-size checks the bytes
// before the first paint).
//
//   node scripts/bench-page.mjs [RUNS]      (LEVCALC_DIST=dir for another bundle; default dist/)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const e2e = path.join(root, 'tests/e2e');
const harness = await import(path.join(e2e, 'lib/harness.mjs'));
const { DIST, ensureArtifacts, serveDist } = harness;
const { runLighthouse } = await import(path.join(e2e, 'lib/lighthouse.mjs'));

const runs = Number(process.argv[2] || 3);
const gz = (file) => gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- Bytes -----------------------------------------------------------------------------------
// (null for a bundle without a build-time first screen, such as an older one measured beside.)
let firstPaint = null;
try {
  firstPaint = Number(
    execFileSync('node', [path.join(here, 'first-paint-bytes.mjs'), DIST], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(' ')[0],
  );
} catch {}
const top = fs.readdirSync(DIST);
const byExt = (ext) => top.filter((f) => f.endsWith(ext));
const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
// The interactive calculator: the whole index.html, its stylesheets, its head scripts, the glue
// and the wasm it instantiates (one module holds every panel, so this is the app's code too).
const headScripts = [...index.slice(0, index.indexOf('</head>')).matchAll(/<script\b[^>]*\bsrc=["']?([^"' >]+)/g)]
  .map((m) => m[1].replace(/^\.?\//, ''));
const interactive =
  gz('index.html') +
  byExt('.css').reduce((n, f) => n + gz(f), 0) +
  headScripts.reduce((n, f) => n + gz(f), 0) +
  byExt('.js').filter((f) => f.startsWith('levcalc-web')).reduce((n, f) => n + gz(f), 0) +
  byExt('.wasm').reduce((n, f) => n + gz(f), 0);
// The whole app: everything a visit can load (not offline.html, frame.html: other pages).
const walk = (d) =>
  fs.readdirSync(path.join(DIST, d)).flatMap((f) => {
    const p = d ? `${d}/${f}` : f;
    return fs.statSync(path.join(DIST, p)).isDirectory() ? walk(p) : [p];
  });
const whole = walk('')
  .filter((f) => !/^(offline|frame)\.html$/.test(f) && !f.startsWith('public/') && !f.endsWith('.map'))
  .reduce((n, f) => n + gz(f), 0);

// ---- Lighthouse ------------------------------------------------------------------------------
const server = await serveDist();
const lh = [];
try {
  for (let i = 0; i < runs; i++) {
    const { lhr } = await runLighthouse(server.url, { flags: { onlyCategories: ['performance'] } });
    const a = lhr.audits;
    lh.push({
      performance: Math.round(lhr.categories.performance.score * 100),
      lcp: a['largest-contentful-paint'].numericValue,
      tbt: a['total-blocking-time'].numericValue,
      cls: a['cumulative-layout-shift'].numericValue,
      fcp: a['first-contentful-paint'].numericValue,
    });
    console.log(`lighthouse mobile run ${i + 1}: ${JSON.stringify(lh.at(-1))}`);
  }
} finally {
  await server.close();
}

const out = {
  load: os.loadavg().map((x) => Number(x.toFixed(2))),
  cores: os.cpus().length,
  bytes_gzip: { first_paint: firstPaint, interactive, whole },
  lighthouse_mobile_median: Object.fromEntries(
    ['performance', 'lcp', 'tbt', 'cls', 'fcp'].map((k) => [k, median(lh.map((r) => r[k]))]),
  ),
  lighthouse_mobile_runs: lh,
};
const m = out.lighthouse_mobile_median;
console.log(`bytes (gzip): first paint ${firstPaint === null ? 'n/a (no first screen)' : kb(firstPaint)} (target 30), interactive ${kb(interactive)} (target 150), whole ${kb(whole)} (target 400)`);
console.log(
  `lighthouse mobile, median of ${runs}: performance ${m.performance} (target 95), LCP ${(m.lcp / 1000).toFixed(2)} s (target 1.5), ` +
    `TBT ${Math.round(m.tbt)} ms (target 150), CLS ${m.cls.toFixed(3)}, FCP ${(m.fcp / 1000).toFixed(2)} s; load ${out.load.join(' ')} on ${out.cores} cores`,
);
const file = path.join(ensureArtifacts(), 'bench-page.json');
fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file}`);
