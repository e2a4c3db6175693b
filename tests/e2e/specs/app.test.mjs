// End-to-end behaviour of the calculator page, in headless Chromium against the release bundle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FORBIDDEN_TEXT,
  INPUT_IDS,
  RESULT_IDS,
  cliEval,
  dataValue,
  openApp,
  scenarioFromPage,
  setValue,
  tid,
  unfold,
  waitFor,
  sharedSetup,
} from '../lib/harness.mjs';

const env = sharedSetup();

/** Waits until the shown liquidation data-value equals the CLI's for the form's current inputs. */
async function expectLiquidationMatchesCli(page, label) {
  // Work in quantity mode so that the form's quantity is what the engine sizes with.
  const scenario = await scenarioFromPage(page);
  const report = cliEval(scenario);
  assert.ok('liquidation_price' in report, `CLI report has no liquidation_price: ${JSON.stringify(report)}`);
  const expected = report.liquidation_price ?? '';
  const shown = await waitFor(async () => {
    const v = await dataValue(page, 'result-liquidation-price');
    return v === expected ? v : null;
  });
  const actual = shown ?? (await dataValue(page, 'result-liquidation-price'));
  assert.equal(actual, expected, `${label}: liquidation data-value vs CLI for ${JSON.stringify(scenario)}`);
  return expected;
}

async function bodyText(page) {
  return page.locator('body').innerText();
}

describe('calculator page', () => {
  it('loads with a computed example and no errors', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const liq = await waitFor(() => dataValue(app.page, 'result-liquidation-price'));
      assert.ok(liq, 'result-liquidation-price has a non-empty data-value on load');
      const text = (await app.page.locator(tid('result-liquidation-price')).innerText()).trim();
      assert.ok(text.length > 0, 'the liquidation price is shown as text');
      assert.doesNotMatch(await bodyText(app.page), FORBIDDEN_TEXT);
      assert.deepEqual(app.pageErrors, [], 'no uncaught exceptions');
      assert.deepEqual(app.consoleErrors, [], 'no console errors');
      assert.ok((await app.page.title()).trim().length > 0, 'the page has a title');
    } finally {
      await app.close();
    }
  });

  it('has every input, each with a visible label', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      // Some inputs only appear in some modes (contract size for inverse contracts, equity and
      // risk when sizing by risk): look in the opening state and after switching to those modes.
      const seen = new Set();
      const checkPresent = async (state) => {
        for (const id of INPUT_IDS) {
          const loc = page.locator(tid(id));
          const count = await loc.count();
          assert.ok(count <= 1, `at most one ${id} (${state})`);
          if (count === 0) continue;
          seen.add(id);
          const labels = await loc.evaluate((el) =>
            Array.from(el.labels ?? []).map((l) => {
              const r = l.getBoundingClientRect();
              const cs = getComputedStyle(l);
              return {
                text: l.innerText.trim(),
                visible: cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0,
              };
            }),
          );
          assert.ok(labels.length > 0 && labels.some((l) => l.text.length > 0), `${id} has a <label> with text (${state})`);
          if (await loc.isVisible()) {
            assert.ok(labels.some((l) => l.visible), `${id} is visible, so its label is visible (${state})`);
          }
        }
      };
      await checkPresent('opening example');
      // The page opens on Binance USDⓈ-M BTCUSDT; the Custom venue shows its own inputs
      // (contract type, maintenance rate and amount).
      await setValue(page, 'select-venue', 'custom');
      await checkPresent('custom venue');
      await setValue(page, 'select-contract', 'inverse');
      await checkPresent('inverse contract');
      await setValue(page, 'select-size-mode', 'risk');
      await checkPresent('sized by risk');
      assert.deepEqual(
        INPUT_IDS.filter((id) => !seen.has(id)),
        [],
        'every input of the contract appears in some mode',
      );
      assert.equal(await page.locator(tid('input-leverage')).getAttribute('type'), 'number');
      assert.equal(await page.locator(tid('input-leverage-slider')).getAttribute('type'), 'range');
    } finally {
      await app.close();
    }
  });

  it('shows every result with a data-value attribute and readable text', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      for (const id of RESULT_IDS) {
        const loc = app.page.locator(tid(id));
        assert.equal(await loc.count(), 1, `exactly one ${id}`);
        const value = await loc.getAttribute('data-value');
        assert.notEqual(value, null, `${id} has a data-value attribute`);
        assert.match(value, /^(-?\d+(\.\d+)?)?$/, `${id} data-value is a plain decimal or empty: "${value}"`);
        assert.doesNotMatch(await loc.innerText(), FORBIDDEN_TEXT, `${id} text`);
      }
    } finally {
      await app.close();
    }
  });

  it('the maintenance card shows the rate, amount and tier of its own figure (issue 13 §1)', async () => {
    // 5.1 BTC at 60,000: 306,000 at entry is Binance's tier 2, the liquidation price's notional tier 1.
    const link = '#v=1&venue=binance-usdm&sym=BTCUSDT&side=long&entry=60000&qty=5.1&lev=10';
    const app = await openApp(env.browser, `${env.server.url}${link}`);
    try {
      const expected = cliEval({
        version: 1, venue: 'binance-usdm', symbol: 'BTCUSDT', side: 'long',
        entry_price: '60000', quantity: '5.1', leverage: '10',
      });
      const mm = await waitFor(async () => {
        const v = await dataValue(app.page, 'result-maintenance-margin');
        return v === expected.maintenance_margin ? v : null;
      }, { timeout: 15_000 });
      assert.equal(mm, expected.maintenance_margin, 'the figure is the CLI\'s');
      const detail = await app.page.locator(tid('result-maintenance-margin')).locator('xpath=..').locator('.detail').innerText();
      const rate = Number(/Rate ([\d.]+)\s*%/.exec(detail)?.[1]) / 100;
      const amount = Number((/amount ([\d,.]+)/.exec(detail)?.[1] ?? '0').replaceAll(',', ''));
      const tier = Number(/tier (\d+)/.exec(detail)?.[1]);
      assert.equal(tier, expected.maintenance_bracket.tier, `tier on the card: ${detail}`);
      assert.ok(Math.abs(306000 * rate - amount - Number(mm)) < 1e-6, `N·r − a = ${306000 * rate - amount} reads back as ${mm}: ${detail}`);
      assert.match(detail, new RegExp(`tier ${expected.bracket.tier} at the liquidation price`), detail);
    } finally {
      await app.close();
    }
  });

  it('draws the P&L chart with a table alternative', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const chart = app.page.locator(`svg${tid('pnl-chart')}`);
      assert.equal(await chart.count(), 1, 'one <svg data-testid="pnl-chart">');
      // Folded chart tables hold no rows until they are opened (issue 14: nothing built unseen).
      await app.page.waitForSelector(`svg${tid('risk-chart-fan')}`, { timeout: 30_000 });
      const folded = await app.page.evaluate(() => document.querySelectorAll('details.chart-data:not([open]) tr').length);
      assert.equal(folded, 0, 'no rows in a folded chart table');
      await unfold(app.page.locator(`section:has(svg${tid('pnl-chart')}) details.chart-data`));
      const table = app.page.locator(tid('pnl-chart-table'));
      assert.equal(await table.count(), 1, 'one pnl-chart-table');
      assert.equal(await table.evaluate((el) => el.tagName.toLowerCase()), 'table');
      assert.ok((await table.locator('tr').count()) > 1, 'the table has data rows');
    } finally {
      await app.close();
    }
  });

  it('liquidation price equals the engine CLI as inputs change', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'select-size-mode', 'quantity');
      const seen = new Set();
      seen.add(await expectLiquidationMatchesCli(page, 'initial example'));
      // Stop and target are optional; they are cleared first so that switching sides never
      // leaves a stop on the wrong side of the entry, then set again at the end.
      const steps = [
        ['input-stop', ''],
        ['input-target', ''],
        ['input-entry', '65000'],
        ['input-leverage', '25'],
        ['select-side', 'short'],
        ['input-quantity', '0.75'],
        ['select-side', 'long'],
        ['input-leverage', '3'],
        ['input-entry', '1.2345'],
        ['input-leverage', '125'],
        ['input-stop', '1.2'],
        ['input-target', '1.3'],
      ];
      for (const [id, value] of steps) {
        await setValue(page, id, value);
        seen.add(await expectLiquidationMatchesCli(page, `after ${id} = ${value}`));
      }
      assert.ok(seen.size >= 4, `liquidation price changes with the inputs (saw ${[...seen].join(', ')})`);
      assert.doesNotMatch(await bodyText(page), FORBIDDEN_TEXT);
    } finally {
      await app.close();
    }
  });

  it('liquidation price equals the engine CLI for an inverse contract', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      // Custom: the user picks the contract type (a venue fixes it).
      await setValue(page, 'select-venue', 'custom');
      await setValue(page, 'select-size-mode', 'quantity');
      await setValue(page, 'input-stop', '');
      await setValue(page, 'input-target', '');
      await setValue(page, 'select-contract', 'inverse');
      await setValue(page, 'input-contract-size', '100');
      await setValue(page, 'input-entry', '60000');
      await setValue(page, 'input-quantity', '10');
      await setValue(page, 'input-leverage', '20');
      await expectLiquidationMatchesCli(page, 'inverse long');
      await setValue(page, 'select-side', 'short');
      await expectLiquidationMatchesCli(page, 'inverse short');
    } finally {
      await app.close();
    }
  });

  it('the leverage slider and number input stay in step', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'input-leverage-slider', '10');
      const synced = await waitFor(async () => (await page.locator(tid('input-leverage')).inputValue()) === '10');
      assert.ok(synced, 'moving the slider to 10 sets the number input to 10');
      await setValue(page, 'input-leverage', '20');
      const back = await waitFor(async () => (await page.locator(tid('input-leverage-slider')).inputValue()) === '20');
      assert.ok(back, 'typing 20 moves the slider to 20');
    } finally {
      await app.close();
    }
  });

  const badInputs = [
    { field: 'entry', value: '-5', fieldErrorRequired: true },
    { field: 'entry', value: 'abc', fieldErrorRequired: true },
    { field: 'leverage', value: '0', fieldErrorRequired: true },
    { field: 'entry', value: '1e40', fieldErrorRequired: false },
    { field: 'quantity', value: '99999999999999999999999999999999', fieldErrorRequired: false },
  ];
  for (const { field, value, fieldErrorRequired } of badInputs) {
    it(`bad input ${field} = "${value}" shows a clear error and no NaN/Infinity/undefined`, async () => {
      const app = await openApp(env.browser, env.server.url);
      const { page } = app;
      try {
        await setValue(page, 'select-size-mode', 'quantity');
        await setValue(page, `input-${field}`, value);
        const fieldError = page.locator(tid(`error-${field}`));
        const calcError = page.locator(tid('calc-error'));
        const shown = await waitFor(async () => (await fieldError.isVisible()) || (await calcError.isVisible()));
        assert.ok(shown, `an error is shown for ${field} = "${value}"`);
        if (fieldErrorRequired) {
          assert.ok(await fieldError.isVisible(), `error-${field} is shown`);
        }
        const errorLoc = (await fieldError.isVisible()) ? fieldError : calcError;
        const message = (await errorLoc.innerText()).trim();
        assert.ok(message.length >= 5, `the error says something ("${message}")`);
        if ((await fieldError.count()) > 0 && (await fieldError.isVisible())) {
          assert.equal(await fieldError.getAttribute('role'), 'alert', `error-${field} has role="alert"`);
        }
        assert.doesNotMatch(await bodyText(page), FORBIDDEN_TEXT);
        for (const id of RESULT_IDS) {
          const v = await dataValue(page, id);
          assert.doesNotMatch(v ?? '', FORBIDDEN_TEXT, `${id} data-value`);
        }
        assert.deepEqual(app.pageErrors, [], 'no uncaught exceptions');
      } finally {
        await app.close();
      }
    });
  }

  it('a stop on the wrong side blanks only what depends on the stop (issue 13 §1)', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      const before = await dataValue(page, 'result-liquidation-price');
      assert.notEqual(before ?? '', '', 'a liquidation price to start with');
      await setValue(page, 'input-stop', '65000'); // a long's stop above its entry
      const err = page.locator(tid('error-stop'));
      assert.ok(await waitFor(() => err.isVisible()), 'the stop says what is wrong');
      assert.equal(await page.locator(tid('input-stop')).getAttribute('aria-invalid'), 'true');
      assert.equal(await dataValue(page, 'result-liquidation-price'), before, 'the liquidation price stays');
      assert.equal(await dataValue(page, 'result-initial-margin') !== '', true, 'the margin stays');
      assert.equal((await dataValue(page, 'result-pnl-stop')) ?? '', '', 'PnL at the stop is blank');
      assert.doesNotMatch(await page.locator('main').innerText(), FORBIDDEN_TEXT);
    } finally {
      await app.close();
    }
  });

  it('a maker rebate reads as a rebate, and a negative taker fee is refused (issue 13 §6)', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'input-maker-fee', '-0.01');
      const detail = page.locator(tid('result-pnl-target')).locator('xpath=..').locator('.detail');
      assert.ok(await waitFor(async () => /rebate [\d.,]+ at close/.test(await detail.innerText())), await detail.innerText());
      assert.doesNotMatch(await detail.innerText(), /\+ −/, 'no "+ −"');
      await setValue(page, 'input-taker-fee', '-0.05');
      const err = page.locator(tid('error-taker-fee'));
      assert.ok(await waitFor(() => err.isVisible()), 'the taker fee says what is wrong');
    } finally {
      await app.close();
    }
  });

  it('one rule for commas: "1,500" is 1500 and "1,5" asks for a point (issue 13 §6)', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      assert.match(await page.locator(tid('number-rule')).innerText(), /point for decimals.*1,500/);
      await setValue(page, 'select-venue', 'custom');
      await setValue(page, 'input-entry', '61,500');
      const expected = cliEval({ ...(await scenarioFromPage(page)), entry_price: '61500' }).liquidation_price;
      assert.equal(await waitFor(async () => ((await dataValue(page, 'result-liquidation-price')) === expected ? expected : null)), expected, '61,500 is 61500');
      await setValue(page, 'input-entry', '61,5');
      const err = page.locator(tid('error-entry'));
      assert.ok(await waitFor(() => err.isVisible()), 'error-entry shown');
      assert.match(await err.innerText(), /point for decimals/);
    } finally {
      await app.close();
    }
  });

  it('target price and max open, as the venue calculators have them (issue 13 §3)', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      // The opening trade: Binance BTCUSDT long 0.5 at 60,000, 10×, fees 0.05 % / 0.02 %.
      const r = cliEval({ version: 1, venue: 'binance-usdm', symbol: 'BTCUSDT', side: 'long', entry_price: '60000', quantity: '0.5', leverage: '10', taker_fee: '0.0005', maker_fee: '0.0002' });
      const net = (p) => 0.5 * (p - 60000) - Number(r.open_fee) - 0.5 * p * 0.0002;
      await setValue(page, 'input-mode-roe', '50');
      const p50 = Number(await waitFor(async () => (await dataValue(page, 'mode-target-roe')) || null));
      assert.ok(Math.abs(net(p50) - 0.5 * Number(r.initial_margin)) < 1e-6, `ROE 50 % at ${p50}: net ${net(p50)}`);
      await setValue(page, 'input-mode-pnl', '-300');
      const pl = Number(await waitFor(async () => (await dataValue(page, 'mode-target-pnl')) || null));
      const netTaker = 0.5 * (pl - 60000) - Number(r.open_fee) - 0.5 * pl * 0.0005;
      assert.ok(pl < 60000 && Math.abs(netTaker + 300) < 1e-6, `a loss of 300 exits as taker at ${pl}`);
      // Max open at 125× on 1,000 USDT is a size, not an error.
      await setValue(page, 'input-leverage', '125');
      await setValue(page, 'input-mode-balance', '1000');
      const q = Number(await waitFor(async () => (await dataValue(page, 'mode-max-open')) || null));
      const n = q * 60000;
      assert.ok(n / 125 + n * 0.0005 <= 1000 + 1e-9 && n / 125 + n * 0.0005 > 999, `max open ${q} BTC uses the balance`);
      // A balance past the first tier: the tiers limit it.
      await setValue(page, 'input-mode-balance', '1000000');
      await waitFor(async () => /tiers/.test(await page.locator(tid('mode-max-open')).locator('xpath=..').innerText()));
      assert.match(await page.locator(tid('mode-max-open')).locator('xpath=..').innerText(), /Limited by the venue's tiers/);
      await setValue(page, 'input-mode-balance', 'abc');
      assert.ok(await waitFor(() => page.locator(tid('error-mode-balance')).isVisible()), 'a bad balance is named');
      assert.doesNotMatch(await page.locator(tid('modes')).innerText(), FORBIDDEN_TEXT);
    } finally {
      await app.close();
    }
  });

  it('no select box cuts its options at 1280 or 360 px, in any tab (issue 13 §6)', async () => {
    for (const width of [1280, 360]) {
      const app = await openApp(env.browser, env.server.url, { width, height: 800 });
      const { page } = app;
      try {
        for (const t of ['funding', 'account', 'cppi', 'cascade']) {
          await page.click(tid(`dyn-tab-${t}`));
          await page.waitForTimeout(200);
          // The widest option's text against the room inside the box (padding and arrow off).
          const cut = await page.evaluate(() => {
            const c = document.createElement('canvas').getContext('2d');
            const out = [];
            for (const s of document.querySelectorAll('select')) {
              if (!s.offsetParent) continue;
              const cs = getComputedStyle(s);
              c.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
              const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
              for (const o of s.options) {
                const w = c.measureText(o.text).width;
                if (w > room) out.push(`${s.id}: "${o.text}" needs ${Math.ceil(w)} px, has ${Math.floor(room)}`);
              }
            }
            return out;
          });
          assert.deepEqual(cut, [], `${width} px, ${t} tab`);
        }
      } finally {
        await app.close();
      }
    }
  });

  it('recovers when a bad input is corrected', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'select-size-mode', 'quantity');
      await setValue(page, 'input-entry', '-5');
      assert.ok(await waitFor(() => page.locator(tid('error-entry')).isVisible()), 'error-entry shown');
      await setValue(page, 'input-entry', '58000'); // between the example's stop and target
      assert.ok(
        await waitFor(async () => !(await page.locator(tid('error-entry')).isVisible())),
        'error-entry gone after correction',
      );
      await expectLiquidationMatchesCli(page, 'after correction');
    } finally {
      await app.close();
    }
  });

  it('makes no request outside its own origin', async () => {
    const app = await openApp(env.browser, env.server.url);
    const { page } = app;
    try {
      await setValue(page, 'input-entry', '42000');
      await setValue(page, 'select-side', 'short');
      await page.waitForLoadState('networkidle');
      const foreign = app.requests.filter((u) => {
        if (u.startsWith('data:') || u.startsWith('blob:')) return false;
        return new URL(u).origin !== env.server.origin;
      });
      assert.ok(app.requests.length > 0, 'requests were recorded');
      assert.deepEqual(foreign, [], 'no request leaves the page origin');
    } finally {
      await app.close();
    }
  });
});
