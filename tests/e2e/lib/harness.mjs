// Shared helpers for the browser tests: serve dist/ on loopback, drive Debian's chromium with
// playwright-core, read the form, and ask the native CLI (target/release/levcalc) for the
// engine's figures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../../scripts/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../..');
export const DIST = process.env.LEVCALC_DIST ?? path.join(REPO_ROOT, 'dist');
export const CLI = process.env.LEVCALC_CLI ?? path.join(REPO_ROOT, 'target/release/levcalc');
export const ARTIFACTS = process.env.LEVCALC_ARTIFACTS ?? path.join(REPO_ROOT, 'tests/e2e/artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Flags for headless Chromium on this machine (offline, no sandbox, nothing phoning home).
// --headless and --user-data-dir are added by whoever launches it: playwright-core makes its own
// fresh profile; lighthouse.test.mjs passes a fresh temporary one.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const INPUT_IDS = [
  'input-entry',
  'input-quantity',
  'input-leverage',
  'input-leverage-slider',
  'input-stop',
  'input-target',
  'input-mmr',
  'input-mm-amount',
  'input-taker-fee',
  'input-maker-fee',
  'select-side',
  'select-contract',
  'input-contract-size',
  'select-size-mode',
  'input-equity',
  'input-risk',
];

export const RESULT_IDS = [
  'result-liquidation-price',
  'result-bankruptcy-price',
  'result-initial-margin',
  'result-maintenance-margin',
  'result-notional',
  'result-liq-distance',
  'result-pnl-stop',
  'result-pnl-target',
  'result-break-even',
  'result-risk-reward',
];

export const tid = (id) => `[data-testid="${id}"]`;

export function ensureArtifacts() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** Serves dist/ on a free loopback port. Returns { url, origin, close }. */
export async function serveDist() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html missing: run trunk build --release first`);
  }
  const { server, url } = await startServer({ root: DIST, port: 0, host: '127.0.0.1' });
  return {
    url,
    origin: new URL(url).origin,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Opens the app in a fresh context. Records every request, console error and page error on
 * the returned object. Waits until the app has rendered its first result (unless `wait` is
 * false). `init`: scripts (functions or source text) run in every document before its own
 * scripts, e.g. LONGTASK_OBSERVER.
 */
export async function openApp(
  browser,
  url,
  { width = 1280, height = 900, colorScheme = 'light', init = [], wait = true } = {},
) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, reducedMotion: 'reduce' });
  for (const script of init) await context.addInitScript(script);
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  const pageErrors = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  await page.goto(url, { waitUntil: 'load' });
  if (wait) await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached', timeout: 15_000 });
  return { context, page, requests, consoleErrors, pageErrors, close: () => context.close() };
}

/**
 * Init script (for openApp's `init`): records the duration of every main-thread long task
 * (> 50 ms) in `window.__longTasks`. Read it with longTasks(page), reset with resetLongTasks.
 */
export const LONGTASK_OBSERVER = `(() => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) {}
})();`;

/** Durations (ms) of the long tasks seen since the last reset. */
export async function longTasks(page) {
  // A task still running is reported when it ends: let the page breathe first.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  return page.evaluate(() => window.__longTasks.slice());
}

/**
 * Waits until the page has had no long task for `quietMs` (at most `timeout`): the page's own
 * start-up work (panels mounted after the first frame, the first Monte Carlo run) is then not
 * counted against the action measured next, however slow a loaded machine makes it.
 */
export async function settle(page, { quietMs = 800, timeout = 15_000 } = {}) {
  const end = Date.now() + timeout;
  let seen = await page.evaluate(() => (window.__longTasks ?? []).length);
  let quietSince = Date.now();
  while (Date.now() < end) {
    await page.waitForTimeout(100);
    const n = await page.evaluate(() => (window.__longTasks ?? []).length);
    if (n !== seen) {
      seen = n;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
  }
}

export async function resetLongTasks(page) {
  await page.evaluate(() => new Promise((r) => setTimeout(() => { window.__longTasks.length = 0; r(); }, 0)));
}

/** A saved-scenarios file (src/storage.rs): {"schema":1,"scenarios":[{name,saved_at,scenario}]}. */
export function scenariosFile(entries, savedAt = '2026-12-01T12:00:00Z') {
  return JSON.stringify({
    schema: 1,
    scenarios: entries.map(([name, scenario]) => ({ name, saved_at: savedAt, scenario })),
  });
}

/** Picks `text` as a JSON file in the saved panel's import input. */
export async function importText(page, text, name = 'levcalc-scenarios.json') {
  await page.locator(tid('import-file')).setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text, 'utf8'),
  });
}

/** The saved panel's status line once it is not `not` (default: not empty), or null. */
export async function savedStatus(page, { not = '', timeout = 15_000 } = {}) {
  return waitFor(
    async () => {
      const t = ((await page.locator(tid('saved-status')).textContent()) ?? '').trim();
      return t && t !== not ? t : null;
    },
    { timeout },
  );
}

/** Sets a form control's value the way a person would (type, then leave the field). */
export async function setValue(page, testId, value) {
  const loc = page.locator(tid(testId));
  const tag = await loc.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    await loc.selectOption(String(value));
    return;
  }
  try {
    await loc.fill(String(value));
  } catch (err) {
    // <input type="number"> refuses non-numeric text in fill(): set it as a browser would
    // (the value becomes "" for text it cannot parse) and fire the same events.
    if (!/Cannot type text into input\[type=number\]|Malformed value/.test(String(err))) throw err;
    await loc.evaluate((el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, String(value));
    return;
  }
  await loc.dispatchEvent('change');
}

export async function getValue(page, testId) {
  const loc = page.locator(tid(testId));
  if ((await loc.count()) === 0) return null;
  return loc.inputValue();
}

export async function dataValue(page, testId) {
  return page.locator(tid(testId)).getAttribute('data-value');
}

/**
 * Unfolds a closed "Chart data as a table" (`details` locator) as a reader does, by clicking its
 * summary, and waits for its first row: the rows are built only while it is open (issue 14).
 */
export async function unfold(details) {
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await details.locator('tbody tr').first().waitFor({ state: 'attached', timeout: 5_000 });
}

/**
 * Starts a Chromium trace of `categories` on the CDP session; the returned function ends it and
 * gives every event recorded (scripts/bench-browser.mjs, scripts/trace-load.mjs).
 */
export async function startTrace(cdp, categories) {
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  return async () => {
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/** Polls fn() until it returns a truthy value or the timeout passes; returns the last value. */
export async function waitFor(fn, { timeout = 5_000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last || Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** "0.4" (percent) -> "0.004" (fraction), exactly, on the decimal string. */
export function percentToFraction(text) {
  let s = String(text).trim();
  let sign = '';
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = '-';
    s = s.slice(1);
  }
  if (!/^(\d+\.?\d*|\.\d+)$/.test(s)) throw new Error(`not a plain decimal: ${text}`);
  let [int, frac = ''] = s.split('.');
  int = int.padStart(3, '0');
  let out = `${int.slice(0, -2).replace(/^0+(?=\d)/, '')}.${int.slice(-2)}${frac}`;
  out = out.replace(/0+$/, '').replace(/\.$/, '');
  return out === '0' ? '0' : sign + out;
}

const blankToNull = (v) => (v === null || v.trim() === '' ? null : v.trim());

/** Builds the CLI scenario JSON from what the form currently shows. */
export async function scenarioFromPage(page) {
  const v = async (id) => getValue(page, id);
  const mmr = blankToNull(await v('input-mmr'));
  return {
    version: 1,
    venue: 'custom',
    contract: (await v('select-contract')) ?? 'linear',
    margin_mode: 'isolated',
    side: await v('select-side'),
    entry_price: blankToNull(await v('input-entry')),
    quantity: blankToNull(await v('input-quantity')),
    contract_size: blankToNull(await v('input-contract-size')) ?? '1',
    leverage: blankToNull(await v('input-leverage')),
    maintenance: {
      rate: mmr === null ? '0' : percentToFraction(mmr),
      amount: blankToNull(await v('input-mm-amount')) ?? '0',
    },
    taker_fee: percentToFraction(blankToNull(await v('input-taker-fee')) ?? '0'),
    maker_fee: percentToFraction(blankToNull(await v('input-maker-fee')) ?? '0'),
    stop_price: blankToNull(await v('input-stop')),
    target_price: blankToNull(await v('input-target')),
  };
}

/** Runs `levcalc eval -` on the scenario and returns the parsed report. */
export function cliEval(scenario) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run cargo build --release --bin levcalc`);
  const res = spawnSync(CLI, ['eval', '-'], { input: JSON.stringify(scenario), encoding: 'utf8', timeout: 10_000 });
  if (res.status !== 0) {
    throw new Error(`levcalc eval failed (${res.status}): ${res.stderr}\nscenario: ${JSON.stringify(scenario)}`);
  }
  try {
    return JSON.parse(res.stdout);
  } catch {
    throw new Error(`levcalc eval printed no JSON: ${res.stdout}`);
  }
}

/** Text a person must never see in the page. */
export const FORBIDDEN_TEXT = /\b(NaN|Infinity|undefined)\b/;

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The set-up every spec shares: one static server over the bundle and one headless Chromium for
 * the whole file, started before its first test and closed after its last (node:test hooks).
 * `const env = sharedSetup(); … openApp(env.browser, env.server.url)`.
 */
export function sharedSetup() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
