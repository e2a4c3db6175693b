// The JavaScript API (issue 4): the example page under public/ evaluates a scenario with the
// same engine as the page and the CLI, and a bad scenario throws {code, field, message}.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cliEval, openApp, tid, waitFor, sharedSetup } from '../lib/harness.mjs';

const env = sharedSetup();

const SCENARIO = {
  version: 1,
  venue: 'binance-usdm',
  symbol: 'BTCUSDT',
  side: 'long',
  entry_price: 60000,
  quantity: 0.5,
  leverage: 10,
  stop_price: 57000,
  target_price: 66000,
};

describe('JavaScript API', () => {
  it('the example page evaluates its scenario exactly as levcalc eval does', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${env.server.url}public/api-example.html`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.levcalcReady === true, null, { timeout: 15_000 });
    const shown = JSON.parse(await page.locator('#report').textContent());
    const cli = cliEval(SCENARIO);
    assert.equal(shown.liquidation_price, cli.liquidation_price);
    assert.equal(shown.bracket.tier, cli.bracket.tier);
    assert.equal(shown.initial_margin, cli.initial_margin);

    // Edit the scenario in the page: a bad value names its field.
    await page.locator('#scenario').fill(JSON.stringify({ ...SCENARIO, entry_price: 'abc' }));
    await page.locator('#run').click();
    await waitFor(async () => (await page.locator('#report').textContent()).includes('entry_price'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the example and embed pages request nothing that is missing (no favicon 404, issue 13 §6)', async () => {
    for (const name of ['api-example.html', 'embed.html']) {
      const context = await env.browser.newContext();
      const page = await context.newPage();
      const missing = [];
      page.on('response', (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });
      page.on('console', (m) => { if (m.type() === 'error') missing.push(m.text()); });
      await page.goto(`${env.server.url}public/${name}`, { waitUntil: 'load' });
      // The browser asks for the icon after load.
      await page.waitForTimeout(500);
      assert.deepEqual(missing, [], `${name}: every request answered`);
      assert.equal(await page.locator('link[rel="icon"]').count(), 1, `${name} names its icon`);
      assert.equal(await page.locator(tid('result-liquidation-price')).count(), 0, `${name} does not get the calculator mounted into it`);
      await context.close();
    }
  });

  it('evaluate() is exported from the app page module, with typed errors', async () => {
    const app = await openApp(env.browser, env.server.url);
    const result = await app.page.evaluate(async (scenario) => {
      const api = window.wasmBindings;
      const ok = api.evaluate(scenario);
      let err = null;
      try {
        api.evaluate({ ...scenario, leverage: 0 });
      } catch (e) {
        err = { code: e.code, field: e.field, message: e.message };
      }
      let unknown = null;
      try {
        api.evaluate({ ...scenario, colour: 'red' });
      } catch (e) {
        unknown = { code: e.code, field: e.field };
      }
      const benchExports = Object.keys(api).filter((k) => k.startsWith('riskBench'));
      return { ok, err, unknown, benchExports };
    }, SCENARIO);
    // The benchmark workloads are built only into scripts/bench's bundle (cargo feature bench).
    assert.deepEqual(result.benchExports, [], 'no benchmark export in the bundle users download');
    assert.equal(result.ok.liquidation_price, cliEval(SCENARIO).liquidation_price);
    assert.equal(result.err.field, 'leverage');
    assert.ok(result.err.message.length > 0);
    assert.deepEqual(result.unknown, { code: 'format', field: 'colour' });
    await app.close();
  });
});
