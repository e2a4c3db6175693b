#!/usr/bin/env node
// Long tasks while the page runs a Monte Carlo (issue 14's "no task over 50 ms"): the same
// steps as the e2e test (jumps, 60,000 paths, seed 7), repeated, optionally with the machine
// loaded by busy loops, printing every long task (start, duration) and the slices' own longest.
//
//   node scripts/bench-mc-longtasks.mjs [RUNS] [--load N]   (default 3 runs, no load;
//                                                             needs dist/: trunk build --release)
//
// --load N starts N busy loops (one per core is a heavily loaded machine) for the whole run.
// Prints the machine's load (uptime) beside the figures.
import { execSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
process.env.LEVCALC_DIST ??= path.join(root, 'dist');
const { launchBrowser, openApp, serveDist, setValue, tid, waitFor } = await import(path.join(root, 'tests/e2e/lib/harness.mjs'));

const args = process.argv.slice(2);
const loadAt = args.indexOf('--load');
const load = loadAt >= 0 ? Number(args[loadAt + 1] ?? 0) : 0;
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && i !== loadAt + 1) ?? 3);
const spinners = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));

const server = await serveDist();
const browser = await launchBrowser();
let over = 0;
try {
  for (let r = 1; r <= runs; r++) {
    const app = await openApp(browser, server.url);
    const { page } = app;
    const status = page.locator(tid('risk-mc-status'));
    await page.waitForSelector(`${tid('risk-mc-status')}[data-state="done"]`, { timeout: 60_000 });
    await page.evaluate(() => {
      window.__lt = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); })
        .observe({ type: 'longtask' });
    });
    await setValue(page, 'select-mc-kind', 'jumps');
    await setValue(page, 'input-mc-paths', '60000');
    await setValue(page, 'input-mc-seed', '7');
    await waitFor(async () => (await status.getAttribute('data-state')) === 'done' && / paths=60000 /.test(await status.getAttribute('data-stats')), { timeout: 90_000, interval: 100 });
    const lt = await page.evaluate(() => window.__lt);
    const stats = await status.getAttribute('data-stats');
    over += lt.filter(([, d]) => d > 50).length;
    console.log(`run ${r}: long tasks [start ms, duration ms] ${JSON.stringify(lt)}; ${stats.match(/max_task_ms=\S+/)?.[0]} (slowest slice alone)`);
    await app.close();
  }
} finally {
  await browser.close();
  await server.close();
  for (const s of spinners) s.kill();
}
console.log(`${over} task(s) over 50 ms in ${runs} run(s), ${load} busy loop(s); load: ${execSync('uptime').toString().trim()}`);
