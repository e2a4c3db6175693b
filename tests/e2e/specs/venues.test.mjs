// Venue data files (issue 11): the page fetches the chosen venue's tables (data/venues/<key>.txt,
// the page form of data/venues/<key>.json) or reads offline.html's inline copy, so a symbol only
// the file has evaluates with the file's table, as `levcalc eval` does (it embeds the JSON
// files); the JavaScript API loads a venue's tables with loadVenue(). The symbol picker is a
// type-ahead combobox (WAI-ARIA), recent symbols first.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, cliEval, dataValue, openApp, tid, waitFor, sharedSetup } from '../lib/harness.mjs';

const env = sharedSetup();

const DOGE = {
  version: 1,
  venue: 'binance-usdm',
  symbol: 'DOGEUSDT',
  side: 'long',
  entry_price: '0.2',
  quantity: '10000',
  leverage: '10',
};
const DOGE_LINK = '#v=1&venue=binance-usdm&sym=DOGEUSDT&side=long&entry=0.2&qty=10000&lev=10';

const liq = (page) => dataValue(page, 'result-liquidation-price');

describe('venue data files', () => {
  it('a link to a symbol only the file has shows the CLI figure once the file is in', async () => {
    const cli = cliEval(DOGE);
    assert.equal(cli.table.as_of, '2026-07-02');
    const app = await openApp(env.browser, `${env.server.url}${DOGE_LINK}`);
    try {
      const shown = await waitFor(async () => ((await liq(app.page)) === cli.liquidation_price ? true : null), {
        timeout: 15_000,
      });
      assert.equal(shown, true, `liquidation ${await liq(app.page)} vs CLI ${cli.liquidation_price}`);
      // The opening venue's file is inline in index.html (scripts/postbuild.mjs step 0): read
      // from there, not fetched; other venues' files are fetched when chosen (BitMEX below).
      assert.ok(
        !app.requests.some((u) => u.endsWith('data/venues/binance-usdm.txt')),
        'the Binance file was read from the page, not fetched',
      );
      assert.equal(await app.page.locator('#results').getAttribute('data-pending'), null, 'no longer pending');
      assert.equal(await app.page.locator(tid('table-error')).count(), 0);
      // The symbol picker now offers the file's symbols (50 at a time; typing narrows them).
      await app.page.locator(tid('combo-symbol')).click();
      const status = await app.page.locator('#status-symbol').textContent();
      assert.match(status, /of 8\d\d symbols shown/, status);
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('offline.html from file:// reads its inline copy of the files, with no request', async () => {
    const file = path.join(DIST, 'offline.html');
    assert.ok(fs.existsSync(file), `${file} built`);
    const app = await openApp(env.browser, `${pathToFileURL(file).href}${DOGE_LINK}`);
    try {
      const expected = cliEval(DOGE).liquidation_price;
      assert.equal(await waitFor(async () => ((await liq(app.page)) === expected ? expected : null)), expected);
      const remote = app.requests.filter((u) => !/^(file|data|blob):/.test(u));
      assert.deepEqual(remote, [], 'no network request');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('loadVenue() loads a file for evaluate(), and a bad file throws naming its place', async () => {
    // A page on Custom has loaded no venue's tables (the plain page opens on Binance and loads its own).
    const app = await openApp(env.browser, `${env.server.url}#v=1&venue=custom&entry=60000&qty=0.5&lev=10&mmr=0.004`);
    try {
      const result = await app.page.evaluate(async (scenario) => {
        const api = window.wasmBindings;
        let before = null;
        try {
          api.evaluate(scenario);
        } catch (e) {
          before = e.field;
        }
        const text = await (await fetch('data/venues/binance-usdm.txt')).text();
        let bad = null;
        try {
          api.loadVenue('binance-usdm', text.replace('levcalc-tables 1 binance-usdm', 'levcalc-tables 1 okx'));
        } catch (e) {
          bad = { code: e.code, venue: e.venue, message: e.message };
        }
        const loadedAfterBad = api.isVenueLoaded('binance-usdm');
        api.loadVenue('binance-usdm', text);
        return { before, bad, loadedAfterBad, loaded: api.isVenueLoaded('binance-usdm'), report: api.evaluate(scenario) };
      }, DOGE);
      const cli = cliEval(DOGE);
      assert.equal(result.before, 'symbol', 'unknown before the file is loaded');
      assert.equal(result.bad?.code, 'venue_data');
      assert.equal(result.bad?.venue, 'binance-usdm');
      assert.equal(result.loadedAfterBad, false);
      assert.equal(result.loaded, true);
      assert.equal(result.report.liquidation_price, cli.liquidation_price);
      assert.deepEqual(result.report.table, cli.table);
    } finally {
      await app.close();
    }
  });

  it('the symbol picker is a type-ahead combobox: keyboard, recent first, no unknown names', async () => {
    const btcAtDogePrices = DOGE_LINK.replace('sym=DOGEUSDT', 'sym=BTCUSDT');
    const app = await openApp(env.browser, `${env.server.url}${btcAtDogePrices}`);
    try {
      const combo = app.page.locator(tid('combo-symbol'));
      await waitFor(async () => ((await app.page.locator('#results').getAttribute('data-pending')) === null ? true : null), {
        timeout: 15_000,
      });
      assert.equal(await combo.getAttribute('role'), 'combobox');
      assert.equal(await combo.getAttribute('aria-expanded'), 'false');
      await combo.click();
      await combo.fill('doge');
      assert.equal(await combo.getAttribute('aria-expanded'), 'true');
      const names = await app.page.locator(tid('option-symbol')).allTextContents();
      assert.ok(names.includes('DOGEUSDT'), names.join(','));
      assert.ok(names.every((n) => n.includes('DOGE')), names.join(','));
      await combo.press('ArrowDown');
      const active = await combo.getAttribute('aria-activedescendant');
      assert.ok(active && (await app.page.locator(`#${active}`).count()) === 1, `active option ${active}`);
      // Down to DOGEUSDT, then Enter picks it.
      for (let i = 0; i < names.length; i += 1) {
        const id = await combo.getAttribute('aria-activedescendant');
        if ((await app.page.locator(`#${id}`).textContent()) === 'DOGEUSDT') break;
        await combo.press('ArrowDown');
      }
      await combo.press('Enter');
      assert.equal(await combo.inputValue(), 'DOGEUSDT');
      assert.equal(await combo.getAttribute('aria-expanded'), 'false');
      const cli = cliEval(DOGE);
      assert.equal(await waitFor(async () => ((await liq(app.page)) === cli.liquidation_price ? true : null)), true);
      // A name the venue does not list is not taken: leaving the field puts the symbol back.
      await combo.fill('NOSUCHCOIN');
      assert.match(await app.page.locator('#status-symbol').textContent(), /No symbol matches/);
      await app.page.locator(tid('input-entry')).focus();
      assert.equal(await combo.inputValue(), 'DOGEUSDT');
      // Escape closes the list and, pressed again, restores the text.
      await combo.focus();
      await combo.fill('ETH');
      await combo.press('Escape');
      assert.equal(await combo.getAttribute('aria-expanded'), 'false');
      await combo.press('Escape');
      assert.equal(await combo.inputValue(), 'DOGEUSDT');
      // Recent symbols come first the next time the list opens (kept in this browser).
      await app.page.reload();
      await waitFor(async () => ((await app.page.locator('#results').getAttribute('data-pending')) === null ? true : null), {
        timeout: 15_000,
      });
      await app.page.locator(tid('combo-symbol')).click();
      const first = await app.page.locator(tid('option-symbol')).first().textContent();
      assert.equal(first, 'DOGEUSDT');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('at 360 px the open symbol list fits the screen', async () => {
    const app = await openApp(env.browser, `${env.server.url}${DOGE_LINK}`, { width: 360, height: 740 });
    try {
      const combo = app.page.locator(tid('combo-symbol'));
      await combo.click();
      await combo.fill('USDT');
      const box = await app.page.locator('#list-symbol').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
      const scroll = await app.page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 360, `page scroll width ${scroll}`);
    } finally {
      await app.close();
    }
  });

  it('a BitMEX linear perpetual from a link is priced and labelled as linear once its tables are in', async () => {
    const ETH = { version: 1, venue: 'bitmex', symbol: 'ETHUSDT', side: 'short', entry_price: '3000', quantity: '2', leverage: '20' };
    const cli = cliEval(ETH);
    assert.equal(cli.liquidation_view, 'position');
    const app = await openApp(env.browser, `${env.server.url}#v=1&venue=bitmex&sym=ETHUSDT&side=short&entry=3000&qty=2&lev=20`);
    try {
      const page = app.page;
      assert.equal(await waitFor(async () => ((await liq(page)) === cli.liquidation_price ? true : null), { timeout: 15_000 }), true);
      assert.equal(
        await waitFor(async () => ((await page.locator(tid('select-contract')).inputValue()) === 'linear' ? true : null)),
        true,
        'the contract follows the symbol',
      );
      assert.match(await page.locator(tid('result-liquidation-price')).textContent(), /USDT/);
      assert.match(await page.locator(tid('table-as-of')).textContent(), /2026-05-21/);
      assert.ok(app.requests.some((u) => u.endsWith('data/venues/bitmex.txt')), 'the BitMEX file was fetched');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('the page opens on Binance USDⓈ-M BTCUSDT, priced with its dated table', async () => {
    const example = {
      version: 1, venue: 'binance-usdm', symbol: 'BTCUSDT', side: 'long', entry_price: '60000', quantity: '0.5',
      leverage: '10', taker_fee: '0.0005', maker_fee: '0.0002', stop_price: '57000', target_price: '66000',
    };
    const cli = cliEval(example);
    assert.equal(cli.table.as_of, '2026-07-02');
    const app = await openApp(env.browser, env.server.url);
    try {
      const page = app.page;
      assert.equal(await page.locator(tid('select-venue')).inputValue(), 'binance-usdm');
      assert.equal(await page.locator(tid('combo-symbol')).inputValue(), 'BTCUSDT');
      const dated = await waitFor(
        async () => ((await page.locator(tid('table-as-of')).textContent()).includes('2026-07-02') ? true : null),
        { timeout: 15_000 },
      );
      assert.equal(dated, true, 'the header gives the date of the table in use');
      assert.equal(await liq(page), cli.liquidation_price);
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });
});
