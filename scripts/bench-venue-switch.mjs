#!/usr/bin/env node
// Venue switch in the page (issue 11): how long from choosing a venue to figures computed with
// that venue's dated table, and what reading each venue's tables costs in the wasm.
//
//   node scripts/bench-venue-switch.mjs [RUNS]     (default 7; needs dist/ built: trunk build --release)
//
// (a) For each venue with a data file: a fresh browser context (nothing cached) opens the page
//     on Custom (a link), the venue is chosen in the Venue select, and the clock stops when the header
//     shows the venue file's "Table as of" date (the figures are then the file's: the header
//     reads the evaluation's table). Includes the fetch of data/venues/<key>.txt from the local
//     server, reading it and re-evaluating. Median and max over RUNS.
// (b) loadVenue(key, text) in the page, the text already fetched: the read and check alone.
// Prints the machine's load (uptime) with the figures: compare runs made at similar loads.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { launchBrowser, serveDist, openApp, tid } = await import(path.join(root, 'tests/e2e/lib/harness.mjs'));

const RUNS = Number(process.argv[2] ?? 7);
const VENUES = [
  ['binance-usdm', 'binance-usdm'],
  ['hyperliquid', 'hyperliquid'],
  ['dydx', 'dydx'],
  ['gate-linear', 'gate-linear'],
  ['bitmex', 'bitmex'],
];
// (Bybit is left out of (a): its default symbol BTCUSDT keeps the built-in table, since the
// derived cache gives BTCUSDT no leverage limits; only LTCUSDT comes from its file.)
const READS = [...VENUES.map(([, k]) => k), 'bybit-linear'];
// The page on Custom: no venue's tables loaded yet (the plain page opens on Binance USDⓈ-M).
const START = '#v=1&venue=custom&entry=60000&qty=0.5&lev=10&mmr=0.004';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dateOf = (key) => {
  const text = fs.readFileSync(path.join(root, 'data/venues/page', `${key}.txt`), 'utf8');
  return text.split('\n')[1].split('\t')[1];
};

const server = await serveDist();
const browser = await launchBrowser();
const lines = [`load: ${execSync('uptime').toString().trim()}`];
try {
  for (const [venue, key] of VENUES) {
    const want = dateOf(key);
    const times = [];
    for (let i = 0; i < RUNS; i += 1) {
      const app = await openApp(browser, `${server.url}${START}`);
      try {
        const ms = await app.page.evaluate(
          async ({ venue, want }) => {
            const select = document.querySelector('[data-testid="select-venue"]');
            const header = () => document.querySelector('[data-testid="table-as-of"]')?.textContent ?? '';
            const t0 = performance.now();
            select.value = venue;
            select.dispatchEvent(new Event('change', { bubbles: true }));
            for (;;) {
              if (header().includes(want)) return performance.now() - t0;
              if (performance.now() - t0 > 10_000) return NaN;
              await new Promise((r) => requestAnimationFrame(r));
            }
          },
          { venue, want },
        );
        times.push(ms);
      } finally {
        await app.close();
      }
    }
    const text = fs.readFileSync(path.join(root, 'data/venues/page', `${key}.txt`));
    lines.push(
      `${venue.padEnd(14)} pick → figures with the ${want} table: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${RUNS} runs; file ${text.length} B)`,
    );
  }
  const app = await openApp(browser, server.url);
  try {
    const reads = await app.page.evaluate(async (keys) => {
      const out = {};
      for (const key of keys) {
        const text = await (await fetch(`data/venues/${key}.txt`)).text();
        const t0 = performance.now();
        for (let i = 0; i < 5; i += 1) window.wasmBindings.loadVenue(key, text);
        out[key] = (performance.now() - t0) / 5;
      }
      return out;
    }, READS);
    for (const [k, ms] of Object.entries(reads)) lines.push(`${k.padEnd(14)} loadVenue (read and check): ${ms.toFixed(1)} ms`);
  } finally {
    await app.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(lines.join('\n'));
