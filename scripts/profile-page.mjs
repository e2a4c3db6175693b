#!/usr/bin/env node
// The profiler behind scripts/profile (run that: it builds the names-kept bundle this reads).
//   node scripts/profile-page.mjs update [N] | load      (LEVCALC_DIST: the bundle)
// update: N input changes as scripts/bench makes them (default 90), 40 ms apart; the samples
// of the whole run, weighted by their time: per change, the ms by category (DOM and glue,
// Leptos, engine, …), the top functions by self and by inclusive time, and the call tree.
// load: from navigation to 3 s after `load`, at 412×823: each run of busy samples (a task,
// roughly) over LEVCALC_PROFILE_MIN_MS with its top functions by inclusive time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { launchBrowser, serveDist, openApp, tid } = await import(path.join(here, '..', 'tests/e2e/lib/harness.mjs'));
const mode = process.argv[2] ?? 'update';
const N = Number(process.argv[3] ?? 90);
const MIN_MS = Number(process.env.LEVCALC_PROFILE_MIN_MS ?? (mode === 'load' ? 8 : 0.25));
const TOP = Number(process.env.LEVCALC_PROFILE_TOP ?? 30);

const short = (n) =>
  (n.callFrame.functionName || `(anon ${n.callFrame.url.split('/').pop()})`).replace(/::h[0-9a-f]{16}/g, '').slice(0, 140);

/** The profile's nodes, parents and per-node sample time (ms). */
function index(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  return { byId, parent };
}

/** Inclusive ms by function name over `samples` ([nodeId, ms]), each name once per stack. */
function inclusive(samples, byId, parent) {
  const incl = new Map();
  for (const [s, w] of samples) {
    const seen = new Set();
    for (let p = s; p !== undefined; p = parent.get(p)) {
      const nm = short(byId.get(p));
      if (!seen.has(nm)) {
        seen.add(nm);
        incl.set(nm, (incl.get(nm) || 0) + w);
      }
    }
  }
  return incl;
}

const CATEGORIES = [
  ['dom+glue', /innerHTML|Attribute|nodeValue|querySelector|appendChild|insertBefore|createElement|textContent|__wbg_|getStringFromWasm|decode|wasm-to-js/],
  ['leptos', /reactive_graph|tachys|any_spawner|js_sys::futures|leptos|wasm_bindgen/],
  ['decimal', /rust_decimal/],
  ['alloc/copy', /dlmalloc|alloc::|memcpy|memmove|memset|memcmp|drop_in_place|clone/],
  ['fmt', /core.*fmt|pad_integral|Formatter/],
  ['math', /libm|compiler_builtins|math/],
  ['engine', /levcalc::engine/],
  ['levcalc ui/scenario', /levcalc::/],
  ['gc', /garbage/],
];

const server = await serveDist();
const browser = await launchBrowser();
try {
  if (mode === 'update') {
    const app = await openApp(browser, server.url, { width: 1280, height: 900 });
    const { page } = app;
    await page.waitForSelector(`${tid('risk-mc-status')}[data-state="done"]`, { timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 40));
        const [id, v] =
          i % 3 === 0
            ? ['input-leverage', String(5 + ((i * 7) % 30))]
            : i % 3 === 1
              ? ['input-volatility', String(40 + ((i * 11) % 60))]
              : ['input-stop', String(56000 + ((i * 137) % 2500))];
        const el = document.querySelector(`[data-testid="${id}"]`);
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, N);
    const { profile } = await cdp.send('Profiler.stop');
    const { byId, parent } = index(profile);
    const own = new Map();
    profile.samples.forEach((s, i) => own.set(s, (own.get(s) || 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
    const self = new Map();
    for (const [id, ms] of own) {
      const nm = short(byId.get(id));
      self.set(nm, (self.get(nm) || 0) + ms);
    }
    const busy = [...self].filter(([n]) => !/^\((idle|program)\)$/.test(n));
    const total = busy.reduce((a, [, v]) => a + v, 0);
    console.log(`${N} changes: script ${(total / N).toFixed(2)} ms per change (the browser's own work, "(program)", ${((self.get('(program)') || 0) / N).toFixed(2)} ms, is apart)`);
    const cats = new Map();
    for (const [n, v] of busy) {
      const c = CATEGORIES.find(([, re]) => re.test(n))?.[0] ?? 'other';
      cats.set(c, (cats.get(c) || 0) + v);
    }
    console.log('by category, ms per change: ' + [...cats].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / N).toFixed(2)}`).join(', '));
    console.log('\nself, ms per change:');
    for (const [n, v] of busy.sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(v / N).toFixed(3).padStart(7)}  ${n}`);
    const incl = inclusive([...own].filter(([id]) => !/^\((idle|program)\)$/.test(short(byId.get(id)))), byId, parent);
    console.log('\ninclusive (the app\'s functions), ms per change:');
    for (const [n, v] of [...incl].filter(([n]) => n.includes('levcalc')).sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${(v / N).toFixed(3).padStart(7)}  ${n}`);
    // Call tree above MIN_MS per change.
    const sum = new Map();
    const walkSum = (id) => {
      let t = own.get(id) || 0;
      for (const c of byId.get(id).children || []) t += walkSum(c);
      sum.set(id, t);
      return t;
    };
    walkSum(profile.nodes[0].id);
    console.log(`\ncall tree, nodes over ${MIN_MS} ms per change:`);
    const walk = (id, d) => {
      const t = sum.get(id) / N;
      if (t < MIN_MS) return;
      console.log(`${' '.repeat(d)}${t.toFixed(2)} ${short(byId.get(id))}`);
      for (const c of [...(byId.get(id).children || [])].sort((a, b) => sum.get(b) - sum.get(a))) walk(c, d + 1);
    };
    walk(profile.nodes[0].id, 0);
    await app.close();
  } else {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForTimeout(3000);
    const { profile } = await cdp.send('Profiler.stop');
    const { byId, parent } = index(profile);
    let t = profile.startTime;
    const runs = [];
    let cur = null;
    profile.samples.forEach((s, i) => {
      t += profile.timeDeltas[i];
      const w = profile.timeDeltas[i + 1] ?? 0;
      if (short(byId.get(s)) === '(idle)') {
        if (cur) runs.push(cur);
        cur = null;
        return;
      }
      if (!cur) cur = { start: t, end: t, samples: [] };
      cur.end = t + w;
      cur.samples.push([s, w / 1000]);
    });
    if (cur) runs.push(cur);
    const t0 = runs[0]?.start ?? 0;
    console.log(`busy runs over ${MIN_MS} ms from navigation (sampling; "(program)" is the browser's own work: parsing, style, layout, paint, compile)`);
    for (const r of runs.filter((x) => (x.end - x.start) / 1000 > MIN_MS)) {
      console.log(`+${((r.start - t0) / 1000).toFixed(0)} ms: ${((r.end - r.start) / 1000).toFixed(1)} ms`);
      const incl = inclusive(r.samples, byId, parent);
      for (const [n, w] of [...incl].filter(([n]) => /levcalc|program|garbage|innerHTML|anon/.test(n)).sort((a, b) => b[1] - a[1]).slice(0, Math.min(TOP, 10))) {
        console.log(`   ${w.toFixed(2).padStart(6)}  ${n}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close?.();
}
