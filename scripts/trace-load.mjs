#!/usr/bin/env node
// What the main thread's long tasks spend their time on while the page loads (issue 14's TBT):
// headless Chromium at 412×823 with the CPU slowed 4× (as Lighthouse's mobile run), a Chromium
// trace of the load, and for every task over 50 ms its length and the time inside it spent on
// lazy compilation of wasm functions (V8 compiles a function the first time it is called),
// script, style, layout and paint; and when the first screen starts answering typing and when the
// app replaces it. A measurement, not a test.
//
//   node scripts/trace-load.mjs [RUNS]      (LEVCALC_DIST=dir for another bundle; default dist/)
//
// Times are trace durations at the 4× slowdown, summed per category inside the task (nested
// events of one category are counted once: only the outermost). Script time includes the style
// and layout that script forces, and the lazy compiles it triggers.
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { launchBrowser, serveDist, startTrace } = await import(path.join(root, 'tests/e2e/lib/harness.mjs'));

const runs = Number(process.argv[2] || 3);
// Tasks shorter than this (ms) are not listed (LEVCALC_TRACE_MIN_MS; 50 by default: the long ones).
const MIN_MS = Number(process.env.LEVCALC_TRACE_MIN_MS || 50);
const CATEGORIES = {
  'wasm lazy compile': ['wasm.CompileLazy'],
  'wasm compile/instantiate': ['v8.wasm.compileConsume', 'wasm.FinishStreaming', 'wasm.SyncInstantiate'],
  script: ['FunctionCall', 'EvaluateScript', 'v8.compileModule', 'RunMicrotasks'],
  style: ['UpdateLayoutTree'],
  layout: ['Layout'],
  paint: ['Paint', 'PrePaint', 'Layerize'],
  'HTML parse': ['ParseHTML'],
  gc: ['MinorGC', 'MajorGC'],
};

const STARTS = ['TimerFire', 'FireAnimationFrame', 'EventDispatch', 'ParseHTML', 'ResourceFinish', 'EvaluateScript', 'FunctionCall', 'RunMicrotasks', 'UpdateLayoutTree', 'Layout'];

const server = await serveDist();
const browser = await launchBrowser();
try {
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
    // When the first screen answers typing (fp-live) and when the app replaces it.
    await context.addInitScript(() => {
      window.__fp = {};
      new MutationObserver(() => {
        const fp = document.getElementById('first-paint');
        if (fp?.classList.contains('fp-live')) window.__fp.live ??= performance.now();
        if (!fp && window.__fp.seen) window.__fp.gone ??= performance.now();
        if (fp) window.__fp.seen = true;
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const endTrace = await startTrace(cdp, 'devtools.timeline,v8,v8.wasm,v8.execute,disabled-by-default-devtools.timeline');
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForTimeout(6000);
    const events = await endTrace();
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur > MIN_MS * 1000);
    const t0 = tasks[0]?.ts ?? 0;
    let tbt = 0;
    console.log(`run ${run} (load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores):`);
    for (const t of tasks) {
      tbt += Math.max(0, t.dur / 1000 - 50);
      const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur);
      const parts = [];
      for (const [label, names] of Object.entries(CATEGORIES)) {
        const mine = inside.filter((e) => names.includes(e.name));
        // Outermost only: an event inside another of the same category is not counted again.
        const outer = mine.filter((e) => !mine.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
        const ms = outer.reduce((a, e) => a + e.dur / 1000, 0);
        if (ms >= 1) parts.push(`${label} ${ms.toFixed(0)}`);
      }
      // What started the task: its first timer, frame callback, event, parse or script.
      const cause = inside.filter((e) => STARTS.includes(e.name)).sort((a, b) => a.ts - b.ts)[0]?.name ?? '?';
      console.log(`  +${((t.ts - t0) / 1000).toFixed(0).padStart(5)} ms  task ${(t.dur / 1000).toFixed(0).padStart(4)} ms (${cause}): ${parts.join(', ')}`);
    }
    console.log(`  blocking (sum of task − 50 ms): ${tbt.toFixed(0)} ms`);
    const fp = await page.evaluate(() => ({ ...window.__fp, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime }));
    const at = (t) => (t === undefined ? 'never' : `${t.toFixed(0)} ms`);
    console.log(`  from navigation: first paint ${at(fp.fcp)}, first screen live (typing answered) ${at(fp.live)}, app on view ${at(fp.gone)}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
