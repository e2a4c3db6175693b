// Issue 14, first paint without the wasm: dist/index.html already holds the calculator for the
// example trade (rendered at build time by the same components and engine, scripts/postbuild.mjs
// step 0). Its figures equal the app's; it shows with the wasm blocked; under a link with a
// scenario it is pending, not the example's figures; an embed does not show it; the wasm is
// fetched after the first paint; the app replaces it without a layout shift above the fold.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS,
  DIST,
  RESULT_IDS,
  dataValue,
  ensureArtifacts,
  openApp,
  setValue,
  settle,
  tid,
  waitFor,
  sharedSetup,
} from '../lib/harness.mjs';

const env = sharedSetup();
const T = { timeout: 60_000 };
const shellTid = (id) => `#first-paint [data-shell-testid="${id}"]`;

/** A page whose wasm never arrives: what a visitor sees before it does. */
async function withoutWasm(url, { width = 1280, height = 800, colorScheme = 'light' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, colorScheme });
  await context.route(/_bg\.wasm$/, (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, close: () => context.close() };
}

/** The data-value of every result in dist/index.html's first screen, read from the file. */
function shellValues() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const values = {};
  for (const id of RESULT_IDS) {
    const m = html.match(new RegExp(`<[^>]*data-shell-testid="${id}"[^>]*>`));
    const v = m && m[0].match(/data-value="([^"]*)"/);
    values[id] = v ? v[1] : null;
  }
  return values;
}

describe('first paint without the wasm', () => {
  it('holds the figures the app computes for the example trade', T, async () => {
    const shell = shellValues();
    assert.ok(shell['result-liquidation-price'], 'dist/index.html has a liquidation figure');
    const app = await openApp(env.browser, env.server.url);
    try {
      await settle(app.page);
      assert.equal(await app.page.locator('#first-paint').count(), 0, 'the app removed the first screen');
      for (const id of RESULT_IDS) {
        assert.equal(shell[id], await dataValue(app.page, id), `${id}: first screen vs app`);
      }
      assert.deepEqual(app.pageErrors, []);
      assert.deepEqual(app.consoleErrors, []);
    } finally {
      await app.close();
    }
  });

  it('shows the calculator and its figures with the wasm blocked, in light and dark, wide and narrow', T, async () => {
    ensureArtifacts();
    for (const [width, height] of [[1280, 800], [360, 740]]) {
      for (const colorScheme of ['light', 'dark']) {
        const p = await withoutWasm(env.server.url, { width, height, colorScheme });
        try {
          const liq = p.page.locator(shellTid('result-liquidation-price'));
          assert.ok(await liq.isVisible(), `${width}px ${colorScheme}: the liquidation figure is visible`);
          assert.match((await liq.innerText()).trim(), /^\d[\d,]*\.\d+ USDT/, 'a formatted price');
          assert.ok(await p.page.locator('#first-paint h1').isVisible(), 'the header is there');
          assert.ok(!(await p.page.locator('.fp-pending').isVisible()), 'no pending note without a link');
          await p.page.screenshot({ path: path.join(ARTIFACTS, `first-paint-${width}-${colorScheme}.png`) });
          // Where the app will draw it: the first screen has the app's layout.
          const before = await liq.boundingBox();
          const app = await openApp(env.browser, env.server.url, { width, height, colorScheme });
          try {
            await settle(app.page);
            const after = await app.page.locator(tid('result-liquidation-price')).boundingBox();
            assert.ok(before && after, 'both figures are laid out');
            assert.ok(
              Math.abs(before.x - after.x) <= 1 && Math.abs(before.y - after.y) <= 1,
              `${width}px: the figure is at (${before.x}, ${before.y}) before the wasm and at (${after.x}, ${after.y}) after`,
            );
          } finally {
            await app.close();
          }
        } finally {
          await p.close();
        }
      }
    }
  });

  it('under a link with a scenario, shows the link as being opened, not the example figures', T, async () => {
    const url = `${env.server.url}#v=1&entry=61500&lev=5`;
    const p = await withoutWasm(url);
    try {
      assert.ok(await p.page.locator('.fp-pending').isVisible(), 'the pending status is shown');
      ensureArtifacts();
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'first-paint-link-pending.png') });
      assert.ok(!(await p.page.locator(shellTid('result-liquidation-price')).isVisible()), 'the example figure is hidden');
      assert.ok(!(await p.page.locator('#first-paint input').first().isVisible()), 'the example inputs are hidden');
    } finally {
      await p.close();
    }
    const app = await openApp(env.browser, url);
    try {
      const entry = await waitFor(() => app.page.locator(tid('input-entry')).inputValue());
      assert.match(entry, /^61,?500$/, 'the app shows the link\'s entry');
      assert.equal(await app.page.locator('#first-paint').count(), 0);
    } finally {
      await app.close();
    }
  });

  it('is not shown in an embed', T, async () => {
    for (const url of [`${env.server.url}frame.html`, `${env.server.url}#v=1&embed=1`]) {
      const p = await withoutWasm(url);
      try {
        assert.ok(!(await p.page.locator('#first-paint h1').isVisible()), `${url}: first screen hidden`);
      } finally {
        await p.close();
      }
    }
  });

  it('is painted before the wasm is requested, and the app takes over without shifting it', T, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const page = await context.newPage();
    try {
      await page.goto(env.server.url, { waitUntil: 'load' });
      await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached', timeout: 15_000 });
      await settle(page);
      const t = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        wasm: performance.getEntriesByType('resource').find((e) => /_bg\.wasm$/.test(e.name))?.startTime,
        shift: window.__shift,
      }));
      assert.ok(t.paint > 0 && t.wasm > 0, `paint ${t.paint} ms, wasm ${t.wasm} ms`);
      assert.ok(t.wasm >= t.paint, `the wasm is requested at ${t.wasm} ms, after the first paint at ${t.paint} ms`);
      assert.ok(t.shift < 0.1, `cumulative layout shift ${t.shift.toFixed(3)} (good is under 0.1)`);
    } finally {
      await context.close();
    }
  });

  /**
   * A page whose app is built slowly (the CPU slowed 20x from the moment its module is
   * fetched: the build's tasks then take seconds): what a visitor on a slow phone can do in
   * between. `edits` ([test id, value]) are typed into the first screen the moment it is live
   * (an input event each, as typing gives; the last one keeps the focus), before any task of
   * the app's build; `window.__shell` records each liquidation figure the first screen shows.
   */
  async function slowBuild(edits) {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript((edits) => {
      window.__shell = { live: false, liq: [], removed: false, typed: false };
      new MutationObserver(() => {
        const fp = document.getElementById('first-paint');
        if (fp?.classList.contains('fp-live') && !window.__shell.typed) {
          window.__shell.live = window.__shell.typed = true;
          for (const [id, value] of edits) {
            const el = fp.querySelector(`[data-shell-testid="${id}"]`);
            el.focus();
            el.value = value;
            el.dispatchEvent(new Event('input', { bubbles: true }));
          }
        }
        const v = fp?.querySelector('[data-shell-testid="result-liquidation-price"]')?.dataset.value;
        if (v !== undefined && window.__shell.liq.at(-1) !== v) window.__shell.liq.push(v);
        if (!fp && window.__shell.live) window.__shell.removed = true;
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    }, edits);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const cdp = await context.newCDPSession(page);
    await context.route(/levcalc-web-[^/]*_bg\.wasm$/, async (route) => {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
      await route.continue();
    });
    await page.goto(env.server.url, { waitUntil: 'load' });
    // The live first screen, once it has drawn the figures for what was typed: how it looks.
    await waitFor(() => page.evaluate(() => window.__shell.liq.length > 1 || window.__shell.removed || null), { timeout: 90_000, interval: 100 });
    const live = await page.evaluate(() => {
      const fp = document.getElementById('first-paint');
      if (!fp) return null;
      const q = (id) => fp.querySelector(`[data-shell-testid="${id}"]`);
      return {
        venueDisabled: q('select-venue')?.disabled,
        slider: q('input-leverage-slider')?.value,
        waiting: getComputedStyle(fp.querySelector('.chart-card h2'), '::after').content,
        invalid: [...fp.querySelectorAll('[aria-invalid="true"]')].map((e) => e.getAttribute('data-shell-testid')),
        error: q('shell-error')?.textContent ?? null,
      };
    });
    if (live) {
      ensureArtifacts();
      await page.screenshot({ path: path.join(ARTIFACTS, `first-paint-live-${edits.length}.png`) });
    }
    await waitFor(() => page.evaluate(() => window.__shell.removed || null), { timeout: 90_000, interval: 250 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return { context, page, errors, live, seen: await page.evaluate(() => window.__shell) };
  }

  /** The app's figures for the example trade with these inputs typed into the app itself. */
  async function appFigures(inputs) {
    const app = await openApp(env.browser, env.server.url);
    try {
      await settle(app.page);
      for (const [id, v] of inputs) await setValue(app.page, id, v);
      await settle(app.page);
      const out = {};
      for (const id of RESULT_IDS) out[id] = await dataValue(app.page, id);
      return out;
    } finally {
      await app.close();
    }
  }

  it('answers typing while the app is built, and the app takes over what was typed, with the focus', { timeout: 150_000 }, async () => {
    const typed = [['select-side', 'short'], ['input-entry', '61500'], ['input-leverage', '25'], ['input-stop', '64000'], ['input-target', '58000']];
    const { context, page, errors, live, seen } = await slowBuild(typed);
    try {
      // The first screen showed the figures for what was typed before the app replaced it.
      assert.ok(seen.liq.length > 1, `the first screen's liquidation figure changed before the app came: ${JSON.stringify(seen)}`);
      assert.ok(live, 'the live first screen was seen');
      assert.equal(live.venueDisabled, true, 'the venue waits for the app');
      assert.equal(live.slider, '25', 'the slider follows the leverage box');
      assert.match(live.waiting, /updating/, 'the chart says it waits for the app');
      assert.deepEqual(live.invalid, []);
      await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached', timeout: 15_000 });
      assert.equal(await page.locator(tid('input-leverage')).inputValue(), '25');
      assert.match(await page.locator(tid('input-entry')).inputValue(), /^61,?500$/);
      assert.equal(await page.locator(tid('select-side')).inputValue(), 'short');
      assert.match(await page.locator(tid('input-stop')).inputValue(), /^64,?000$/);
      assert.match(await page.locator(tid('input-target')).inputValue(), /^58,?000$/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-target', 'the target box keeps the focus');
      await settle(page);
      const want = await appFigures(typed);
      for (const id of RESULT_IDS) assert.equal(await dataValue(page, id), want[id], `${id}: the app after taking over`);
      assert.equal(seen.liq.at(-1), want['result-liquidation-price'], 'the last figure the first screen showed is the app\'s');
      // Typing goes on in the app's input.
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await waitFor(async () => /^58,?00$/.test(await page.locator(tid('input-target')).inputValue()) || null);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('names a bad input while the app is built, without figures, and the app shows the same', { timeout: 150_000 }, async () => {
    const { context, page, errors, live, seen } = await slowBuild([['input-entry', 'abc']]);
    try {
      assert.ok(seen.liq.includes(''), `the first screen dropped its figures: ${JSON.stringify(seen)}`);
      assert.ok(live, 'the live first screen was seen');
      assert.deepEqual(live.invalid, ['input-entry']);
      assert.match(live.error, /entry/i, 'the message names the entry');
      await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached', timeout: 15_000 });
      assert.equal(await page.locator(tid('input-entry')).inputValue(), 'abc');
      await waitFor(async () => (await page.locator(tid('error-entry')).count()) > 0 || null);
      assert.equal(await dataValue(page, 'result-liquidation-price'), '');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

});
