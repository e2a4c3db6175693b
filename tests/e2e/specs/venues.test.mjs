// Venue data files (issue 11): the page fetches the chosen venue's file (or reads offline.html's
// inline copy), so a symbol only the file has evaluates with the file's table, as `levcalc eval`
// does (it embeds the files); the JavaScript API loads a file with loadVenue().
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, cliEval, dataValue, launchBrowser, openApp, serveDist, tid, waitFor } from '../lib/harness.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

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
    const app = await openApp(browser, `${server.url}${DOGE_LINK}`);
    try {
      const shown = await waitFor(async () => ((await liq(app.page)) === cli.liquidation_price ? true : null), {
        timeout: 15_000,
      });
      assert.equal(shown, true, `liquidation ${await liq(app.page)} vs CLI ${cli.liquidation_price}`);
      assert.ok(
        app.requests.some((u) => u.endsWith('data/venues/binance-usdm.json')),
        'the Binance file was fetched',
      );
      assert.equal(await app.page.locator('#results').getAttribute('data-pending'), null, 'no longer pending');
      assert.equal(await app.page.locator(tid('table-error')).count(), 0);
      // The symbol list now holds the file's symbols.
      const options = await app.page.locator(`${tid('select-symbol')} option`).count();
      assert.ok(options >= 808, `symbol options: ${options}`);
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('offline.html from file:// reads its inline copy of the files, with no request', async () => {
    const file = path.join(DIST, 'offline.html');
    assert.ok(fs.existsSync(file), `${file} built`);
    const app = await openApp(browser, `${pathToFileURL(file).href}${DOGE_LINK}`);
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
    const app = await openApp(browser, server.url);
    try {
      const result = await app.page.evaluate(async (scenario) => {
        const api = window.wasmBindings;
        let before = null;
        try {
          api.evaluate(scenario);
        } catch (e) {
          before = e.field;
        }
        const text = await (await fetch('data/venues/binance-usdm.json')).text();
        let bad = null;
        try {
          api.loadVenue('binance-usdm', text.replace('"venue":"binance-usdm"', '"venue":"okx"'));
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
});
