// The liquidation-risk panel in headless Chromium against the release bundle: the four charts
// and their tables, the shown probability against `levcalc eval`, the user's point following
// the leverage, a Monte Carlo run without long tasks, and bad volatility input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FORBIDDEN_TEXT,
  cliEval,
  dataValue,
  getValue,
  openApp,
  percentToFraction,
  scenarioFromPage,
  setValue,
  tid,
  unfold,
  waitFor,
  sharedSetup,
} from '../lib/harness.mjs';

const CHARTS = ['risk-chart-leverage', 'risk-chart-heatmap', 'risk-chart-distance', 'risk-chart-fan'];

const env = sharedSetup();

const blankToNull = (v) => (v === null || v.trim() === '' ? null : v.trim());

/** The CLI scenario for what the form shows, with the risk panel's fields (annual σ, hours). */
async function riskScenarioFromPage(page) {
  const s = await scenarioFromPage(page);
  assert.equal(await getValue(page, 'select-vol-mode'), 'annual', 'volatility given as annual %');
  assert.equal(await getValue(page, 'select-horizon-unit'), 'hours', 'horizon in hours');
  const v = async (id) => blankToNull(await getValue(page, id));
  s.volatility_annual = percentToFraction(await v('input-volatility'));
  s.horizon_hours = await v('input-horizon');
  const drift = await v('input-drift');
  if (drift !== null) s.drift_annual = percentToFraction(drift);
  const limit = await v('input-risk-limit');
  if (limit !== null) s.max_prob_liquidation = percentToFraction(limit);
  const buffer = await v('input-buffer');
  if (buffer !== null) s.safe_buffer_sigmas = buffer;
  const mark = await v('input-mark-interval');
  if (mark !== null) s.mark_interval_seconds = mark;
  return s;
}

/** Waits until the shown P(touch liquidation) is within 1e-9 of the CLI's; returns both. */
async function expectProbabilityMatchesCli(page, label) {
  await page.waitForSelector(tid('risk-prob-liquidation'));
  const scenario = await riskScenarioFromPage(page);
  const report = cliEval(scenario);
  assert.equal(typeof report.prob_touch_liquidation, 'number', `CLI reports prob_touch_liquidation: ${JSON.stringify(report)}`);
  const expected = report.prob_touch_liquidation;
  const close = (v) => v !== null && v !== '' && Math.abs(Number(v) - expected) <= 1e-9;
  const shown = await waitFor(async () => {
    const v = await dataValue(page, 'risk-prob-liquidation');
    return close(v) ? v : null;
  });
  const actual = shown ?? (await dataValue(page, 'risk-prob-liquidation'));
  assert.ok(close(actual), `${label}: shown ${actual} vs CLI ${expected} for ${JSON.stringify(scenario)}`);
  // The safe leverage is the engine's too.
  if (report.safe_leverage) {
    const safe = Number(await dataValue(page, 'risk-safe-leverage'));
    assert.ok(Math.abs(safe - report.safe_leverage.leverage) <= 1e-5 * report.safe_leverage.leverage, `${label}: safe leverage ${safe} vs CLI ${report.safe_leverage.leverage}`);
  }
  return expected;
}

async function userPoint(page) {
  const p = page.locator(`${tid('risk-chart-leverage')} ${tid('risk-user-point')}`);
  return {
    cx: Number(await p.getAttribute('cx')),
    cy: Number(await p.getAttribute('cy')),
    prob: Number(await p.getAttribute('data-prob')),
    lev: Number(await p.getAttribute('data-lev')),
  };
}

describe('liquidation risk panel', () => {
  it('draws the four charts, each with a data table', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await page.waitForSelector(`svg${tid('risk-chart-fan')}`, { timeout: 30_000 });
      for (const id of CHARTS) {
        const svg = page.locator(`svg${tid(id)}`);
        assert.equal(await svg.count(), 1, `one <svg data-testid="${id}">`);
        assert.ok((await svg.locator('path').count()) > 0, `${id} draws paths`);
        assert.equal(await svg.getAttribute('role'), 'img');
        assert.ok(((await svg.getAttribute('aria-label')) ?? '').length > 20, `${id} describes itself`);
        await unfold(page.locator(`figure:has(svg${tid(id)}) details.chart-data`));
        const table = page.locator(tid(`${id}-table`));
        assert.equal(await table.count(), 1, `one ${id}-table`);
        assert.equal(await table.evaluate((el) => el.tagName.toLowerCase()), 'table');
        assert.ok((await table.locator('tbody tr').count()) > 3, `${id}-table has data rows`);
      }
      // Hover and keys read a chart out.
      const chart = page.locator(`svg${tid('risk-chart-leverage')}`);
      await chart.focus();
      await page.keyboard.press('ArrowRight');
      const readout = page.locator('figure:has([data-testid="risk-chart-leverage"]) .readout');
      assert.match(await readout.innerText(), /^At .*×/, 'arrow keys read a leverage');
      const heat = page.locator(`svg${tid('risk-chart-heatmap')}`);
      await heat.scrollIntoViewIfNeeded();
      const box = await heat.boundingBox();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
      const heatReadout = page.locator('figure:has([data-testid="risk-chart-heatmap"]) .readout');
      assert.ok(await waitFor(async () => /chance of touching/.test(await heatReadout.innerText())), 'hovering the heatmap reads a cell');
      assert.doesNotMatch(await page.locator('body').innerText(), FORBIDDEN_TEXT);
      assert.deepEqual(app.pageErrors, [], 'no uncaught exceptions');
      assert.deepEqual(app.consoleErrors, [], 'no console errors');
    } finally {
      await app.close();
    }
  });

  it('shows the same P(touch liquidation) and safe leverage as levcalc eval', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await expectProbabilityMatchesCli(page, 'opening example');
      const steps = [
        ['input-volatility', '85'],
        ['input-horizon', '72'],
        ['input-leverage', '15'],
        ['input-drift', '-20'],
        ['input-mark-interval', '1'],
        ['select-side', 'short'],
      ];
      for (const [id, value] of steps) {
        if (id === 'select-side') {
          // A short needs its stop above and target below the entry.
          await setValue(page, 'input-stop', '63000');
          await setValue(page, 'input-target', '54000');
        }
        await setValue(page, id, value);
        await expectProbabilityMatchesCli(page, `after ${id} = ${value}`);
      }
    } finally {
      await app.close();
    }
  });

  it('moves the user point with the leverage, the probability in the right direction', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await page.waitForSelector(tid('risk-user-point'));
      const at10 = await userPoint(page);
      assert.equal(at10.lev, 10);
      await setValue(page, 'input-leverage', '20');
      assert.ok(await waitFor(async () => (await userPoint(page)).lev === 20), 'the point follows the leverage');
      const at20 = await userPoint(page);
      assert.ok(at20.cx > at10.cx, `the point moves right (${at10.cx} → ${at20.cx})`);
      assert.ok(at20.prob > at10.prob, `more leverage, more likely liquidated (${at10.prob} → ${at20.prob})`);
      assert.ok(at20.cy < at10.cy, 'the point moves up');
      assert.equal(Number(await dataValue(page, 'risk-prob-liquidation')), at20.prob, 'the figure is the point');
      await setValue(page, 'input-leverage', '5');
      assert.ok(await waitFor(async () => (await userPoint(page)).lev === 5));
      const at5 = await userPoint(page);
      assert.ok(at5.cx < at10.cx && at5.prob < at10.prob, 'less leverage, less likely');
    } finally {
      await app.close();
    }
  });

  it('runs the Monte Carlo to completion with standard errors and no long task', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      const status = page.locator(tid('risk-mc-status'));
      await page.waitForSelector(`${tid('risk-mc-status')}[data-state="done"]`, { timeout: 60_000 });
      await page.evaluate(() => {
        window.__longtasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longtasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      // Settings of the simulation only: the closed forms do not recompute.
      await setValue(page, 'select-mc-kind', 'jumps');
      await setValue(page, 'input-mc-paths', '60000');
      await setValue(page, 'input-mc-seed', '7');
      const done = await waitFor(
        async () => (await status.getAttribute('data-state')) === 'done' && / paths=60000 /.test(await status.getAttribute('data-stats')),
        { timeout: 90_000, interval: 100 },
      );
      assert.ok(done, `the run completes (${await status.getAttribute('data-stats')})`);
      const longtasks = await page.evaluate(() => window.__longtasks);
      assert.deepEqual(longtasks.filter((d) => d > 50), [], 'no task over 50 ms during the run');
      const liq = page.locator(tid('risk-mc-touch-liq'));
      assert.match(await liq.innerText(), /±/, 'the share of paths comes with a standard error');
      const se = Number(await liq.getAttribute('data-se'));
      const p = Number(await liq.getAttribute('data-value'));
      assert.ok(Number.isFinite(se) && se >= 0 && Number.isFinite(p), `estimate ${p} ± ${se}`);
      for (const id of ['risk-mc-touch-stop', 'risk-mc-touch-target', 'risk-mc-stop-first', 'risk-mc-mean-pnl']) {
        assert.match(await page.locator(tid(id)).innerText(), /±/, `${id} shows ±`);
      }
      // Seeded: the same settings give the same figures.
      const first = await liq.getAttribute('data-value');
      await setValue(page, 'input-mc-seed', '8');
      await waitFor(async () => (await status.getAttribute('data-state')) === 'running', { timeout: 5_000, interval: 20 });
      await setValue(page, 'input-mc-seed', '7');
      assert.ok(
        await waitFor(async () => (await status.getAttribute('data-state')) === 'done' && (await liq.getAttribute('data-value')) === first, { timeout: 90_000, interval: 100 }),
        'seed 7 again gives the same estimate',
      );
      assert.equal(await page.locator(`svg${tid('risk-chart-fan')}`).count(), 1, 'the fan chart is drawn');
      assert.deepEqual(app.pageErrors, [], 'no uncaught exceptions');
    } finally {
      await app.close();
    }
  });

  it('runs the main Monte Carlo on a worker per core, with the figures the main thread gives', async () => {
    // offline.html finds no module to hand to workers: it simulates in slices on the main thread.
    const figures = {};
    for (const page_ of ['', 'offline.html']) {
      const app = await openApp(env.browser, `${env.server.url}${page_}`);
      const { page } = app;
      try {
        const status = page.locator(tid('risk-mc-status'));
        await page.waitForSelector(`${tid('risk-mc-status')}[data-state="done"]`, { timeout: 60_000 });
        await setValue(page, 'select-mc-kind', 'jumps');
        await setValue(page, 'input-mc-paths', '30000');
        await setValue(page, 'input-mc-seed', '5');
        const done = await waitFor(
          async () => (await status.getAttribute('data-state')) === 'done' && / paths=30000 /.test(await status.getAttribute('data-stats')),
          { timeout: 90_000, interval: 100 },
        );
        assert.ok(done, `the run completes (${await status.getAttribute('data-stats')})`);
        const workers = Number((await status.getAttribute('data-stats')).match(/workers=(\d+)/)?.[1]);
        const values = [];
        for (const id of ['risk-mc-touch-liq', 'risk-mc-touch-stop', 'risk-mc-touch-target', 'risk-mc-stop-first', 'risk-mc-mean-pnl']) {
          const el = page.locator(tid(id));
          values.push(`${await el.getAttribute('data-value')} ± ${await el.getAttribute('data-se')}`);
        }
        figures[page_ || 'index'] = { workers, values, text: await status.innerText() };
        assert.deepEqual(app.pageErrors, [], 'no uncaught exceptions');
      } finally {
        await app.close();
      }
    }
    const cores = Math.min(8, Math.max(1, await (async () => {
      const app = await openApp(env.browser, env.server.url);
      try { return await app.page.evaluate(() => navigator.hardwareConcurrency || 1); } finally { await app.close(); }
    })()));
    assert.equal(figures.index.workers, cores, `a worker per core (${JSON.stringify(figures.index)})`);
    assert.match(figures.index.text, /on \d+ workers?/, 'the status says the workers ran it');
    assert.equal(figures['offline.html'].workers, 0, 'offline.html: slices on the main thread');
    assert.deepEqual(figures.index.values, figures['offline.html'].values, 'the same figures on workers and in slices');
  });

  for (const value of ['-5', 'abc']) {
    it(`bad volatility "${value}" shows a field error and no NaN`, async () => {
      const app = await openApp(env.browser, env.server.url);
      const { page } = app;
      try {
        const liqBefore = await dataValue(page, 'result-liquidation-price');
        await setValue(page, 'input-volatility', value);
        const err = page.locator(tid('error-volatility'));
        assert.ok(await waitFor(() => err.isVisible()), 'error-volatility is shown');
        assert.equal(await err.getAttribute('role'), 'alert');
        assert.ok((await err.innerText()).trim().length > 10, 'the error says what is wrong');
        assert.equal(await page.locator(tid('input-volatility')).getAttribute('aria-invalid'), 'true');
        // Only what depends on the volatility is blank: the liquidation price does not (issue 13 §1).
        assert.notEqual(liqBefore ?? '', '', 'a liquidation price to start with');
        assert.equal(await dataValue(page, 'result-liquidation-price'), liqBefore, 'the liquidation price stays');
        const prob = page.locator(tid('risk-prob-liquidation'));
        assert.ok((await prob.count()) === 0 || ((await prob.getAttribute('data-value')) ?? '') === '', 'the probability is blank');
        assert.doesNotMatch(await page.locator('body').innerText(), FORBIDDEN_TEXT);
        const html = await page.locator('main').innerHTML();
        assert.doesNotMatch(html, /\bNaN\b|\bInfinity\b/, 'no NaN or Infinity in the markup');
        // Corrected, the figures come back.
        await setValue(page, 'input-volatility', '60');
        assert.ok(await waitFor(async () => (await err.count()) === 0), 'the error goes away');
        assert.ok(await waitFor(async () => ((await dataValue(page, 'risk-prob-liquidation')) ?? '') !== ''), 'the figures return');
        assert.deepEqual(app.pageErrors, [], 'no uncaught exceptions');
      } finally {
        await app.close();
      }
    });
  }
});
