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
});
