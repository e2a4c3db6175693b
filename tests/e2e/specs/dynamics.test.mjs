// Browser tests of the dynamics panels (issue 7): funding against `levcalc eval`, share-link
// round trip of the funding inputs, the cross-margin account view, a CPPI run in slices without
// long tasks, the liquidation cascade, and clean text everywhere. Timings are printed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FORBIDDEN_TEXT,
  cliEval,
  dataValue,
  openApp,
  percentToFraction,
  scenarioFromPage,
  setValue,
  tid,
  waitFor,
  sharedSetup,
} from '../lib/harness.mjs';

const env = sharedSetup();

const tab = async (page, key) => {
  await page.click(tid(`dyn-tab-${key}`));
  await page.waitForSelector(`${tid(`dyn-tab-${key}`)}[aria-selected="true"]`);
};

/** The CLI scenario for what the page shows, with the funding inputs. */
async function fundingScenario(page) {
  const s = await scenarioFromPage(page);
  const v = async (id) => (await page.locator(tid(id)).inputValue()).trim();
  const rate = await v('input-funding-rate');
  const interval = await v('input-funding-interval');
  const hours = await v('input-holding-hours');
  if (rate) s.funding_rate = percentToFraction(rate);
  if (interval) s.funding_interval_hours = interval;
  if (hours) s.holding_hours = hours;
  return s;
}

/** Waits until `testId`'s data-value is `expected`; returns what it last was. */
async function waitValue(page, testId, expected) {
  const got = await waitFor(async () => {
    const v = await dataValue(page, testId);
    return v === expected ? v : null;
  });
  return got ?? dataValue(page, testId);
}

describe('dynamics panels', () => {
  it('shows the funding paid and the liquidation price after holding that levcalc eval reports', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await tab(page, 'funding');
      const cases = [
        { rate: '0.01', interval: '', hours: '72' },
        { rate: '0.05', interval: '4', hours: '240' },
        { rate: '-0.03', interval: '1', hours: '100' },
        { rate: '0.3', interval: '8', hours: '2400' }, // funding eats the whole margin
      ];
      for (const c of cases) {
        await setValue(page, 'input-funding-rate', c.rate);
        await setValue(page, 'input-funding-interval', c.interval);
        await setValue(page, 'input-holding-hours', c.hours);
        const report = cliEval(await fundingScenario(page));
        assert.ok('funding_paid' in report, `CLI reports funding for ${JSON.stringify(c)}`);
        const paid = await waitValue(page, 'result-funding-paid', report.funding_paid);
        assert.equal(paid, report.funding_paid, `funding paid for ${JSON.stringify(c)}`);
        const want = report.liquidation_price_after_holding ?? '';
        const liq = await waitValue(page, 'result-liq-after-holding', want);
        assert.equal(liq, want, `liquidation after holding for ${JSON.stringify(c)}`);
        if (report.liquidated_by_funding) {
          assert.match(await page.locator(tid('result-liq-after-holding')).innerText(), /liquidated by funding/);
        }
      }
      // The chart of liquidation against days held and the band are drawn, with text alternatives.
      await setValue(page, 'input-funding-rate', '0.01');
      await setValue(page, 'input-holding-hours', '720');
      await page.waitForSelector(tid('funding-chart'));
      assert.ok((await page.locator(tid('funding-chart')).getAttribute('aria-label')).length > 40);
      assert.ok((await page.locator(`${tid('band-table')} tbody tr`).count()) >= 4);
      const nearest = Number(await page.locator(tid('band-summary')).getAttribute('data-nearest'));
      const quoted = Number(await dataValue(page, 'result-liquidation-price'));
      assert.ok(nearest > quoted, 'a long is liquidated earlier than quoted once fees and funding count');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('keeps the funding inputs in the share link across a reload', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'input-funding-rate', '0.02');
      await setValue(page, 'input-funding-interval', '4');
      await setValue(page, 'input-holding-hours', '96');
      const paid = await waitFor(() => dataValue(page, 'result-funding-paid'));
      await waitFor(async () => (await page.evaluate(() => location.hash)).length > 1, { timeout: 3_000 });
      await page.waitForTimeout(300); // the link is written once the input settles (120 ms)
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector(tid('result-funding-paid'), { state: 'attached', timeout: 15_000 });
      assert.equal(await page.locator(tid('input-funding-rate')).inputValue(), '0.02');
      assert.equal(await page.locator(tid('input-funding-interval')).inputValue(), '4');
      assert.equal(await page.locator(tid('input-holding-hours')).inputValue(), '96');
      assert.equal(await waitValue(page, 'result-funding-paid', paid), paid);
    } finally {
      await app.close();
    }
  });

  it('draws the account gauge and shock table, and both follow the wallet balance', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await tab(page, 'account');
      await page.click(tid('to-cross'));
      await page.waitForSelector(tid('input-wallet-balance'));
      await setValue(page, 'input-wallet-balance', '5000');
      const ratio1 = await waitFor(() => dataValue(page, 'margin-gauge'));
      const table1 = await page.locator(tid('shock-table')).innerText();
      assert.ok(Number(ratio1) > 0, `margin ratio ${ratio1}`);
      assert.equal(await page.locator(`${tid('shock-table')} tbody tr`).count(), 21, '−50 % … +50 % in steps of 5 %');
      assert.equal(await page.locator(`${tid('acct-positions')} tbody tr`).count(), 2, 'this trade and the other position');
      await setValue(page, 'input-wallet-balance', '20000');
      const ratio2 = await waitFor(async () => {
        const v = await dataValue(page, 'margin-gauge');
        return v !== ratio1 ? v : null;
      });
      assert.ok(Number(ratio2) < Number(ratio1), `a larger wallet lowers the margin ratio (${ratio1} → ${ratio2})`);
      assert.notEqual(await page.locator(tid('shock-table')).innerText(), table1);
      assert.equal(await page.locator(tid('margin-gauge')).getAttribute('role'), 'meter');
      // What-ifs, ladder and limits answer in words.
      for (const id of ['whatif-margin', 'whatif-cut-leverage', 'whatif-cut-ratio', 'whatif-alert', 'ladder-note']) {
        assert.ok((await page.locator(tid(id)).innerText()).trim().length > 10, id);
      }
      await setValue(page, 'input-dyn-lim-lev', '1');
      await page.waitForSelector(tid('limits-broken'));
      assert.match(await page.locator(tid('limits-broken')).innerText(), /leverage/);
      // An input that is not a number is named under it, without breaking the rest.
      await setValue(page, 'input-dyn-target-lev', 'abc');
      await page.waitForSelector('#dyn-err-target-lev:not([hidden])');
      assert.equal(await page.locator('#dyn-target-lev').getAttribute('aria-invalid'), 'true');
      assert.doesNotMatch(await page.locator('body').innerText(), FORBIDDEN_TEXT);
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });


  it('a suggestion in an empty field reads as one (issue 13 §2)', async () => {
    const app = await openApp(env.browser, `${env.server.url}#v=1&venue=binance-usdm&sym=BTCUSDT&side=long&entry=60000&qty=0.5&lev=10`);
    const { page } = app;
    try {
      const vol = page.locator(tid('input-volatility'));
      assert.equal(await vol.inputValue(), '', 'a link without vol leaves Volatility empty');
      assert.match((await vol.getAttribute('placeholder')) ?? '', /^e\.g\. /, 'its placeholder is a suggestion');
      await tab(page, 'funding');
      for (const id of ['input-funding-rate', 'input-holding-hours']) {
        const el = page.locator(tid(id));
        await el.waitFor();
        if ((await el.inputValue()) === '') {
          assert.match((await el.getAttribute('placeholder')) ?? '', /^e\.g\. /, `${id}: a suggestion`);
          assert.equal(await el.evaluate((e) => getComputedStyle(e, '::placeholder').fontStyle), 'italic', `${id}: drawn as one`);
        }
      }
    } finally {
      await app.close();
    }
  });

  it('the account tab starts from the trade, not from BTC prices (issue 13 §2)', async () => {
    const link = '#v=1&venue=bybit-linear&sym=ETHUSDT&side=short&entry=3000&qty=4&lev=15&stop=3120&tp=2700';
    const app = await openApp(env.browser, `${env.server.url}${link}`);
    const { page } = app;
    try {
      await tab(page, 'account');
      await page.waitForSelector(tid('input-rung-2-price'));
      const p2 = Number(await page.locator(tid('input-rung-2-price')).inputValue());
      const p3 = Number(await page.locator(tid('input-rung-3-price')).inputValue());
      assert.ok(p2 > 3000 && p3 > p2 && p3 < 3300, `a short adds above its entry: ${p2}, ${p3}`);
      assert.equal(await page.locator(tid('input-rung-2-qty')).inputValue(), '2', 'half the trade each');
      const target = Number(await page.locator('#dyn-target-liq').inputValue());
      assert.ok(target > 3000 && target < 4000, `target liquidation near the trade: ${target}`);
      const margin = await page.locator(tid('whatif-margin')).innerText();
      assert.doesNotMatch(margin, /188,200/, margin);
      assert.doesNotMatch(await page.locator(tid('ladder-note')).innerText(), /9,200|58,800/);
    } finally {
      await app.close();
    }
  });
  it('runs a CPPI simulation in slices, without long tasks, and shows P(below floor) with its standard error', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await page.evaluate(() => {
        window.__longtasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longtasks.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      await page.waitForTimeout(200);
      await page.evaluate(() => { window.__longtasks = []; });
      const t0 = Date.now();
      await tab(page, 'cppi');
      await page.waitForFunction(() => document.querySelector('[data-testid="cppi-status"]')?.dataset.ms, null, {
        timeout: 120_000,
      });
      const wall = Date.now() - t0;
      const status = page.locator(tid('cppi-status'));
      // The status names the Paths the user set, and the table's runs apart (not one sum).
      const paths = await page.locator(tid('input-dyn-paths')).inputValue();
      assert.match(await status.innerText(), new RegExp(`^${paths} paths of \\d+ hourly steps, plus \\d+ for the table \\(9 cells × \\d+\\)`));
      const ms = Number(await status.getAttribute('data-ms'));
      const mainMs = Number(await status.getAttribute('data-main-ms'));
      const longest = Number(await status.getAttribute('data-longest'));
      const longtasks = await page.evaluate(() => window.__longtasks);
      console.log(`# CPPI: main run (2,000 paths × 2,160 steps) ${mainMs.toFixed(0)} ms, with the 9-cell table ${ms.toFixed(0)} ms (wall ${wall} ms); longest slice ${longest.toFixed(1)} ms; long tasks ${JSON.stringify(longtasks)}`);
      assert.deepEqual(longtasks.filter((d) => d > 50), [], 'no task longer than 50 ms while simulating');
      const p = Number(await dataValue(page, 'cppi-p-below'));
      const se = Number(await dataValue(page, 'cppi-p-se'));
      assert.ok(p >= 0 && p <= 1 && se >= 0 && se < 0.05, `P(below floor) ${p} ± ${se}`);
      assert.match(await page.locator(tid('cppi-p-below')).innerText(), /%\s*±/);
      assert.equal(await page.locator(`${tid('cppi-grid')} tbody tr`).count(), 9);
      await page.waitForSelector(tid('cppi-hist'));
      await page.waitForSelector(tid('cppi-path'));
      // A new input restarts the run; the old one stops.
      await setValue(page, 'input-dyn-mult', '8');
      await page.waitForFunction(() => !document.querySelector('[data-testid="cppi-status"]')?.dataset.ms);
      await page.waitForFunction(() => document.querySelector('[data-testid="cppi-status"]')?.dataset.ms, null, {
        timeout: 120_000,
      });
      assert.ok(Number(await dataValue(page, 'cppi-p-below')) >= p, 'with crashes, a larger multiplier breaches more');
      assert.doesNotMatch(await page.locator('body').innerText(), FORBIDDEN_TEXT);
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('runs the cascade again, and a larger shock never liquidates less', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await tab(page, 'cascade');
      assert.match(await page.locator(tid('cascade-illustration')).innerText(), /not market data/i);
      const total = async () => Number(await waitFor(() => dataValue(page, 'cascade-total')));
      const results = [];
      for (const shock of ['-2', '-5', '-10']) {
        const before = await dataValue(page, 'cascade-total');
        await setValue(page, 'input-dyn-shock', shock);
        if (shock !== '-2') await waitFor(async () => (await dataValue(page, 'cascade-total')) !== before);
        results.push(await total());
      }
      assert.ok(results[0] <= results[1] && results[1] <= results[2], `liquidated by shock: ${results}`);
      assert.ok(results[2] > 0);
      // Re-run, timed in the page around the click (the work runs before the next task).
      const times = [];
      for (let i = 0; i < 5; i++) {
        times.push(
          await page.evaluate(async () => {
            const t0 = performance.now();
            document.querySelector('[data-testid="cascade-rerun"]').click();
            await new Promise((r) => setTimeout(r, 0));
            return performance.now() - t0;
          }),
        );
      }
      const inner = Number(await dataValue(page, 'cascade-time'));
      console.log(`# cascade re-run: ${times.map((t) => t.toFixed(1)).join(', ')} ms around the click; engine part ${inner.toFixed(2)} ms`);
      assert.ok(Math.min(...times) < 50, 'a re-run takes less than one long task');
      assert.equal(await page.locator(`${tid('cascade-rounds')} tbody tr`).count() > 0, true);
      // A preset rewrites the market; editing it marks it as edited.
      await page.click('details.market > summary');
      await setValue(page, 'select-dyn-preset', 'thin-book');
      await waitFor(async () => (await page.locator(tid('input-dyn-depth')).inputValue()) === '5');
      await setValue(page, 'input-dyn-depth', '50');
      assert.equal(await page.locator(tid('select-dyn-preset')).inputValue(), 'custom');
      await setValue(page, 'input-dyn-shock', 'x');
      await page.waitForSelector('#dyn-err-shock:not([hidden])');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('labels every chart, reads it out from the keyboard, and never shows NaN or Infinity', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'input-funding-rate', '0.01');
      await setValue(page, 'input-holding-hours', '720');
      const charts = {
        funding: ['funding-chart', 'drag-chart'],
        account: ['shock-chart'],
        cppi: ['cppi-hist', 'cppi-path'],
        cascade: ['cascade-chart'],
      };
      for (const [key, ids] of Object.entries(charts)) {
        await tab(page, key);
        for (const id of ids) {
          const svg = page.locator(tid(id));
          await svg.waitFor({ timeout: 120_000 });
          assert.ok((await svg.getAttribute('aria-label')).length > 30, `${id} has a label`);
          assert.equal(await svg.getAttribute('role'), 'img');
          const readout = page.locator(tid(`${id}-readout`));
          const before = await readout.innerText();
          await svg.focus();
          await page.keyboard.press('ArrowRight');
          await page.keyboard.press('ArrowRight');
          const after = await readout.innerText();
          assert.notEqual(after, before, `${id}: the keyboard moves the reading`);
          assert.doesNotMatch(after, FORBIDDEN_TEXT);
        }
        const text = await page.locator(tid('dynamics')).innerText();
        assert.doesNotMatch(text, FORBIDDEN_TEXT, `${key} tab text`);
        const html = await page.locator(tid('dynamics')).innerHTML();
        assert.doesNotMatch(html, /\bNaN\b|\binf\b|Infinity/, `${key} tab markup`);
      }
      assert.deepEqual(app.pageErrors, []);
      assert.deepEqual(app.consoleErrors, []);
    } finally {
      await app.close();
    }
  });
});
