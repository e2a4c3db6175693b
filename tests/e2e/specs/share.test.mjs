// Share, embed, keep, offline and the Content-Security-Policy, in headless Chromium against the
// release bundle: the scenario in the URL survives a reload, hostile links neither break the
// page nor inject markup, the embed page sizes its frame from the height message, saved
// scenarios survive a reload and corrupted storage is reported, offline.html computes from
// file://, the service worker serves a reload with the server stopped, and the CSP blocks what
// the build did not produce.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIST,
  FORBIDDEN_TEXT,
  cliEval,
  dataValue,
  openApp,
  scenarioFromPage,
  setValue,
  tempDir,
  tid,
  waitFor,
  sharedSetup,
} from '../lib/harness.mjs';
import { startServer } from '../../../scripts/static-server.mjs';

const STORAGE_KEY = 'levcalc.saved.v1';

// The opening example (Scenario::default), as the CLI reads it.
const DEFAULT_SCENARIO = {
  version: 1,
  venue: 'custom',
  contract: 'linear',
  symbol: 'BTCUSDT',
  margin_mode: 'isolated',
  side: 'long',
  entry_price: '60000',
  quantity: '0.5',
  leverage: '10',
  maintenance: { rate: '0.004', amount: '0' },
  taker_fee: '0.0005',
  maker_fee: '0.0002',
  stop_price: '57000',
  target_price: '66000',
};

const env = sharedSetup();

const liq = (page) => dataValue(page, 'result-liquidation-price');

/** Waits until the liquidation data-value is non-empty and differs from `not`. */
async function liqChanged(page, not) {
  return waitFor(async () => {
    const v = await liq(page);
    return v && v !== not ? v : null;
  });
}

/** Waits until location.hash satisfies every pattern. */
async function hashMatching(page, patterns) {
  return waitFor(async () => {
    const h = await page.evaluate(() => location.hash);
    return patterns.every((p) => p.test(h)) ? h : null;
  });
}

const FORM_IDS = ['select-side', 'input-entry', 'input-quantity', 'input-leverage', 'input-stop', 'input-target', 'input-taker-fee', 'input-mmr'];

async function formValues(page) {
  const out = {};
  for (const id of FORM_IDS) out[id] = await page.locator(tid(id)).inputValue();
  return out;
}

describe('share link (URL state)', () => {
  it('round trip: changed inputs are in the address; opening it shows the same inputs and liquidation price', async () => {
    const a = await openApp(env.browser, env.server.url);
    let b;
    try {
      const { page } = a;
      const before = await liqChanged(page, null);
      const historyLength = await page.evaluate(() => history.length);
      await setValue(page, 'select-side', 'short');
      await setValue(page, 'input-entry', '61000');
      await setValue(page, 'input-leverage', '25');
      await setValue(page, 'input-stop', '62500');
      await setValue(page, 'input-target', '55000');
      await setValue(page, 'input-taker-fee', '0.04');
      const after = await liqChanged(page, before);
      assert.ok(after, 'the liquidation price follows the inputs');
      const hash = await hashMatching(page, [/^#v=1&/, /[#&]side=short(&|$)/, /[#&]entry=61000(&|$)/, /[#&]lev=25(&|$)/, /[#&]tf=0\.0004(&|$)/]);
      assert.ok(hash, `the address carries the scenario: ${await page.evaluate(() => location.hash)}`);
      assert.equal(await page.evaluate(() => history.length), historyLength, 'replaceState: no new history entries');
      const shown = await formValues(page);
      const expected = cliEval(await scenarioFromPage(page)).liquidation_price;
      assert.equal(after, expected, 'the page agrees with the CLI before the reload');

      // Open the address in a fresh page (a new visitor with the link), and reload it.
      const link = page.url();
      b = await openApp(env.browser, link);
      assert.deepEqual(await formValues(b.page), shown, 'same inputs after opening the link');
      assert.equal(await liqChanged(b.page, null), after, 'same liquidation data-value after opening the link');
      await b.page.reload();
      await b.page.waitForSelector(tid('result-liquidation-price'));
      assert.deepEqual(await formValues(b.page), shown, 'same inputs after a reload');
      assert.equal(await liqChanged(b.page, null), after, 'same liquidation data-value after a reload');
      assert.equal(await b.page.locator(tid('link-notice')).count(), 0, 'a current link needs no notice');
      assert.deepEqual(a.pageErrors.concat(b.pageErrors), []);
    } finally {
      await a.close();
      await b?.close();
    }
  });

  it('"Copy link" puts the current link on the clipboard', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const { page, context } = app;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
      await setValue(page, 'input-entry', '64000');
      await hashMatching(page, [/[#&]entry=64000(&|$)/]);
      await page.locator(tid('copy-link')).click();
      await waitFor(async () => /copied/i.test(await page.locator(tid('share-status')).innerText()));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, page.url());
    } finally {
      await app.close();
    }
  });

  it('a link from an older format is migrated and says so; unknown keys are listed', async () => {
    const app = await openApp(env.browser, `${env.server.url}#v=0&entry=61500&lev=5&color=blue`);
    try {
      const notice = app.page.locator(tid('link-notice'));
      await notice.waitFor();
      const text = await notice.innerText();
      assert.match(text, /earlier version/);
      assert.match(text, /color/);
      assert.equal(await app.page.locator(tid('input-entry')).inputValue(), '61500');
      assert.equal(await app.page.locator(tid('input-leverage')).inputValue(), '5');
    } finally {
      await app.close();
    }
  });

  // Each hostile link: the page starts, shows no markup from the link, opens no dialog, shows
  // a clear notice or field error, never NaN/Infinity/undefined.
  const big = '9'.repeat(100_000);
  const HOSTILE = [
    ['script tags in keys and values', '#v=1&<script>alert(1)</script>=1&entry=<img src=x onerror=alert(1)>&sym=<b>x</b>', 'info'],
    ['script tag as the venue', '#v=1&venue=%3Cscript%3Ealert(document.domain)%3C%2Fscript%3E', 'error'],
    ['percent garbage', '#%%%ZZ=%E0%A4%A&entry=%&lev=%FF%FE&%=%', 'info'],
    ['a 100 KB value', `#v=1&entry=${big}`, 'error'],
    ['a 100 KB key', `#v=1&${big}=1`, 'error'],
    ['huge numbers', '#v=1&entry=1e308&qty=99999999999999999999999999999999&lev=1e400&stop=-1e999', null],
    ['a newer format', '#v=99&entry=1', 'error'],
    ['broken JSON in other positions', '#v=1&mm=cross&op=%5B%7B%22side%22%3A%3Cscript%3E', 'error'],
  ];
  for (const [label, hash, kind] of HOSTILE) {
    it(`a hostile link (${label}) never breaks the page or injects markup`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const dialogs = [];
      const pageErrors = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      try {
        await page.goto(env.server.url + hash, { waitUntil: 'load' });
        await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached', timeout: 15_000 });
        await page.waitForTimeout(300);
        const counts = await page.evaluate(() => ({
          // (The build's own data block, the opening venue's table, is not from the link.)
          scripts: [...document.scripts].filter((s) => !s.closest('head') && !(s.type === 'text/plain' && /^venue-data-[a-z0-9-]+$/.test(s.id))).length,
          imgs: document.images.length,
          bold: document.querySelectorAll('main b, main img, main iframe, main object').length,
        }));
        assert.deepEqual(counts, { scripts: 0, imgs: 0, bold: 0 }, 'no element from the link');
        assert.deepEqual(dialogs, [], 'no alert/confirm/prompt');
        assert.deepEqual(pageErrors, [], 'no uncaught exception');
        const body = await page.locator('body').innerText();
        assert.doesNotMatch(body, FORBIDDEN_TEXT);
        if (kind) {
          const notice = page.locator(tid('link-notice'));
          assert.equal(await notice.count(), 1, 'a notice about the link');
          assert.equal(await notice.getAttribute('data-kind'), kind);
          assert.ok((await notice.innerText()).trim().length > 20, 'the notice says what happened');
        }
        if (kind === 'error') {
          // The page keeps its opening example, computed.
          assert.equal(await page.locator(tid('input-entry')).inputValue(), '60000');
          assert.equal(await liq(page), cliEval(DEFAULT_SCENARIO).liquidation_price);
        }
        if (kind !== 'error') {
          // Values that are not numbers stay in their inputs, each with the engine's message.
          const errors = await page.locator('[data-testid^="error-"], [data-testid="calc-error"]').count();
          const figure = await liq(page);
          assert.ok(errors > 0 || figure, 'either a field error or a computed figure');
        }
        // The address no longer holds the hostile text once the user edits (replaceState).
        await setValue(page, 'input-entry', '60500');
        await setValue(page, 'input-leverage', '10');
        // The address is rewritten in the canonical form: every value percent-encoded.
        const h = await hashMatching(page, [/^#v=1&/, /[#&]entry=60500(&|$)/]);
        assert.ok(h && !/[<>"' ]/.test(h), `canonical address after an edit: ${h}`);
      } finally {
        await context.close();
      }
    });
  }
});

describe('explain', () => {
  it('every figure opens into its formula with the user numbers and the venue rule', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const { page } = app;
      // From Custom (the user's own rate) to a venue's table.
      await setValue(page, 'select-venue', 'custom');
      await setValue(page, 'input-entry', '61000');
      const item = page.locator(tid('explain-liquidation_price'));
      await item.locator('summary').click();
      await waitFor(async () => (await page.locator(tid('explain-liquidation_price-substituted')).innerText()).includes('61,000'));
      const text = await item.innerText();
      assert.match(text, /61,000/, 'the user entry price is substituted');
      assert.match(text, /Formula/);
      assert.match(text, /Rate and amount entered by you/, 'the rule in force for Custom');
      await setValue(page, 'select-venue', 'binance-usdm');
      await waitFor(async () => /Tier 1 of the venue's table/.test(await item.innerText()));
      assert.match(await item.innerText(), /Tier 1 of the venue's table/, 'the bracket in force');
      assert.equal(await item.evaluate((d) => d.open), true, 'stays open while the trade changes');
      for (const key of ['notional', 'initial_margin', 'maintenance_margin', 'bankruptcy_price', 'pnl_stop', 'pnl_target']) {
        assert.equal(await page.locator(tid(`explain-${key}`)).isVisible(), true, key);
      }
      assert.doesNotMatch(await page.locator(tid('explain')).innerText(), FORBIDDEN_TEXT);
    } finally {
      await app.close();
    }
  });
});

describe('embed', () => {
  it('the embed page sizes its iframe from the height message', async () => {
    // Not openApp: the figures are in the frame, not in the page itself.
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await page.goto(`${env.server.url}public/embed.html`, { waitUntil: 'load' });
      const frameEl = page.locator('#example-frame');
      const first = await waitFor(() => frameEl.getAttribute('data-height'), { timeout: 15_000 });
      assert.ok(first, 'the frame posted its height and the page set it');
      const frame = page.frame({ url: /embed=1/ });
      assert.ok(frame, 'the example frame is in embed mode');
      await frame.waitForSelector(tid('result-liquidation-price'));
      const check = async () => {
        const posted = Number(await frameEl.getAttribute('data-height'));
        const style = await frameEl.evaluate((f) => f.style.height);
        const content = await frame.evaluate(() => Math.ceil(document.querySelector('.embed').getBoundingClientRect().height));
        const scroll = await frame.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);
        return { posted, style, content, scroll };
      };
      let m = await waitFor(async () => {
        const c = await check();
        return Math.abs(c.posted - c.content) <= 1 ? c : null;
      });
      m ??= await check();
      assert.ok(Math.abs(m.posted - m.content) <= 1, `posted ${m.posted} vs content ${m.content}`);
      assert.equal(m.style, `${m.posted}px`, 'the frame height comes from the message');
      assert.ok(m.scroll <= 1, `no scrollbar in the frame (overflow ${m.scroll}px)`);

      // A narrower page reflows the frame: it posts its new height.
      await page.setViewportSize({ width: 520, height: 800 });
      const narrow = await waitFor(async () => {
        const c = await check();
        return c.posted !== m.posted && Math.abs(c.posted - c.content) <= 1 ? c : null;
      });
      assert.ok(narrow, 'a new height after the layout changed');
      assert.ok(narrow.scroll <= 1, 'still no scrollbar');

      // Embed options: chosen panels only, locked inputs with a note, the accent colour.
      assert.equal(await frame.locator(tid('result-bankruptcy-price')).count(), 0, 'only the chosen panels');
      assert.equal(await frame.locator(tid('compare-venues')).count(), 0);
      assert.equal(await frame.locator(tid('pnl-chart')).count(), 1);
      assert.equal(await frame.locator(tid('input-entry')).getAttribute('readonly'), '');
      assert.equal(await frame.locator(tid('input-leverage')).getAttribute('readonly'), null, 'leverage stays editable');
      assert.match(await frame.locator(tid('lock-note')).innerText(), /Entry price/);
      const accent = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
      assert.equal(accent, '#b0401e');
      assert.ok(await page.locator('a[href="api-example.html"]').count(), 'the page links the JS API example');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  it('the Embed dialog builds a snippet for the current trade that opens in embed mode', async () => {
    const app = await openApp(env.browser, env.server.url);
    let embedded;
    try {
      const { page } = app;
      await setValue(page, 'input-leverage', '15');
      await hashMatching(page, [/[#&]lev=15(&|$)/]);
      await page.locator(tid('open-embed')).click();
      const dialog = page.locator(tid('embed-dialog'));
      await dialog.waitFor();
      assert.equal(await dialog.evaluate((d) => d.open), true);
      await page.locator('#embed-lock-leverage').check();
      const snippet = await waitFor(async () => {
        const s = await page.locator(tid('embed-snippet')).inputValue();
        return s.includes('lock=leverage') ? s : null;
      });
      assert.ok(snippet, 'the lock choice is in the snippet');
      // Embeds load frame.html, the one page other sites may frame (README "Hosting").
      assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/frame\.html#v=1&amp;/);
      assert.match(snippet, /lev=15&amp;/);
      // Issue 13 §4: "Inputs" is on by default (this assertion changed on purpose: it read panels=liq,chart).
      assert.match(snippet, /embed=1&amp;panels=form,liq,chart/);
      assert.match(snippet, /levcalc:height/);
      const src = snippet.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
      await page.keyboard.press('Escape');
      assert.equal(await dialog.evaluate((d) => d.open), false, 'Escape closes the dialog');

      embedded = await openApp(env.browser, src, { width: 600, height: 700 });
      const p = embedded.page;
      assert.equal(await p.locator('.embed').count(), 1, 'embed mode');
      assert.equal(await p.locator('header').count(), 0, 'compact: no header');
      // The form is there (on by default) with the leverage locked, as chosen (changed on purpose: it
      // asserted that the default embed had no form).
      assert.equal(await p.locator(tid('input-leverage')).getAttribute('readonly'), '', 'the chosen lock holds');
      assert.equal(await liq(p), await liq(page), 'the frame computes the same liquidation price');
    } finally {
      await app.close();
      await embedded?.close();
    }
  });
});

describe('saved scenarios', () => {
  const names = (page) => page.locator(tid('saved-item')).evaluateAll((els) => els.map((e) => e.dataset.name));

  it('save, reload, load, compare, delete; export and import round-trip exactly', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const { page } = app;
      await setValue(page, 'input-entry', '62000');
      await page.locator(tid('save-name')).fill('Lesson A');
      await page.locator(tid('save-button')).click();
      await waitFor(async () => (await names(page)).length === 1);
      const liqA = await liq(page);
      await setValue(page, 'input-leverage', '20');
      const liqB = await liqChanged(page, liqA);
      await page.locator(tid('save-name')).fill('Lesson B');
      await page.locator(tid('save-button')).click();
      await waitFor(async () => (await names(page)).length === 2);

      await page.reload();
      await page.waitForSelector(tid('result-liquidation-price'));
      assert.deepEqual(await names(page), ['Lesson A', 'Lesson B'], 'saved scenarios survive a reload');

      await page.locator(`${tid('saved-item')}[data-name="Lesson A"] ${tid('saved-load')}`).click();
      await waitFor(async () => (await page.locator(tid('input-leverage')).inputValue()) === '10');
      assert.equal(await page.locator(tid('input-entry')).inputValue(), '62000');
      assert.equal(await liqChanged(page, null), liqA, 'loading reproduces the figure');

      const table = page.locator(tid('saved-compare'));
      await table.waitFor();
      const firstRow = await table.locator('tbody tr').first().locator('td').evaluateAll((tds) => tds.map((td) => td.dataset.value));
      assert.deepEqual(firstRow, [liqA, liqB], 'compare: both liquidation prices, computed by the engine');

      // Export, then import into an empty store: the same text.
      const stored = await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(tid('export-button')).click()]);
      const file = path.join(tempDir('levcalc-export-'), 'scenarios.json');
      await download.saveAs(file);
      assert.equal(fs.readFileSync(file, 'utf8'), stored, 'the export is the stored text');
      await page.evaluate((k) => localStorage.removeItem(k), STORAGE_KEY);
      await page.reload();
      await page.waitForSelector(tid('result-liquidation-price'));
      assert.deepEqual(await names(page), []);
      await page.locator(tid('import-file')).setInputFiles(file);
      await waitFor(async () => (await names(page)).length === 2);
      assert.deepEqual(await names(page), ['Lesson A', 'Lesson B']);
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY), stored, 'import(export) is exact');

      await page.locator(`${tid('saved-item')}[data-name="Lesson B"] ${tid('saved-delete')}`).click();
      await waitFor(async () => (await names(page)).length === 1);
      await page.reload();
      await page.waitForSelector(tid('result-liquidation-price'));
      assert.deepEqual(await names(page), ['Lesson A'], 'deleted stays deleted');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  const GOOD = { name: 'good', saved_at: '2026-01-01T00:00:00Z', scenario: DEFAULT_SCENARIO };
  const STORES = [
    ['raw garbage', '{not json at all <script>alert(1)</script>', 1, [], /not valid JSON/],
    [
      'a half-valid store',
      JSON.stringify({
        schema: 1,
        scenarios: [GOOD, { name: 'no entry', scenario: { version: 1, leverage: '10' } }, { name: 'future', scenario: { ...DEFAULT_SCENARIO, version: 7 } }],
      }),
      2,
      ['good'],
      /version 7/,
    ],
    ['a newer storage schema', JSON.stringify({ schema: 9, scenarios: [GOOD] }), 1, [], /newer version/, false],
  ];
  for (const [label, raw, kept, good, reason, writable = true] of STORES) {
    it(`${label} in localStorage is reported, kept aside, and the app still starts`, async () => {
      const app = await openApp(env.browser, env.server.url);
      try {
        const { page } = app;
        await page.evaluate(([k, v]) => localStorage.setItem(k, v), [STORAGE_KEY, raw]);
        await page.reload();
        await page.waitForSelector(tid('result-liquidation-price'));
        assert.equal(await liqChanged(page, null), cliEval(DEFAULT_SCENARIO).liquidation_price, 'the app computes');
        const q = page.locator(tid('quarantine'));
        await q.waitFor();
        assert.equal(await page.locator(tid('quarantine-item')).count(), kept, 'each unreadable entry is listed');
        assert.match(await q.innerText(), reason, 'with its reason');
        assert.deepEqual(await names(page), good, 'readable entries load');
        assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY), raw, 'nothing rewritten on start');

        // Saving keeps the unreadable entries in storage.
        await page.locator(tid('save-name')).fill('fresh');
        await page.locator(tid('save-button')).click();
        await waitFor(async () => (await names(page)).includes('fresh'));
        if (!writable) {
          // A newer version's store is never overwritten (issue 10): the save says so.
          assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY), raw, 'not overwritten');
          assert.match(await page.locator(tid('saved-status')).innerText(), /^Not saved:.*newer version/);
          assert.equal(await page.locator(`${tid('saved-item')}[data-name="fresh"]`).getAttribute('data-unsaved'), 'true');
          assert.deepEqual(app.pageErrors, []);
          return;
        }
        const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY));
        assert.equal(stored.quarantine.length, kept, 'kept aside, not dropped');
        // Discarding them is the user's choice.
        for (let i = 0; i < kept; i++) await page.locator(tid('quarantine-discard')).first().click();
        await waitFor(async () => (await page.locator(tid('quarantine')).count()) === 0);
        const clean = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY));
        assert.equal(clean.quarantine, undefined);
        assert.deepEqual(app.pageErrors, []);
        assert.doesNotMatch(await page.locator('body').innerText(), FORBIDDEN_TEXT);
      } finally {
        await app.close();
      }
    });
  }
});

describe('offline', () => {
  it('offline.html opened from file:// computes the CLI liquidation price with no request', async () => {
    const file = path.join(DIST, 'offline.html');
    assert.ok(fs.existsSync(file), `${file} built`);
    const app = await openApp(env.browser, pathToFileURL(file).href);
    try {
      const expected = cliEval(DEFAULT_SCENARIO).liquidation_price;
      assert.equal(await waitFor(async () => ((await liq(app.page)) === expected ? expected : null)), expected);
      const remote = app.requests.filter((u) => !/^(file|data|blob):/.test(u));
      assert.deepEqual(remote, [], 'no network request');
      assert.equal(await app.page.locator('meta[http-equiv="Content-Security-Policy"]').count(), 1);
      assert.equal(await app.page.locator(tid('offline-link')).count(), 0, 'the offline copy does not offer itself');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });

  it('the main page offers the offline file and says it installs as an app', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const link = app.page.locator(tid('offline-link'));
      assert.equal(await link.getAttribute('href'), 'offline.html');
      assert.notEqual(await link.getAttribute('download'), null);
      assert.match(await link.innerText(), /Download for offline use/);
      assert.match(await app.page.locator('.share-bar').innerText(), /installs as an app/);
      const res = await app.page.request.get(`${env.server.url}offline.html`);
      assert.equal(res.status(), 200);
    } finally {
      await app.close();
    }
  });

  it('with the service worker installed and the server stopped, a reload still computes', async () => {
    const own = await startServer({ root: DIST, port: 0, host: '127.0.0.1' });
    const app = await openApp(env.browser, own.url);
    try {
      const { page } = app;
      const first = await liqChanged(page, null);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
      await new Promise((resolve) => {
        own.server.close(resolve);
        own.server.closeAllConnections();
      });
      const refused = await new Promise((resolve) => {
        http.get(own.url, () => resolve(false)).on('error', () => resolve(true));
      });
      assert.ok(refused, 'the server is really stopped');
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached', timeout: 15_000 });
      assert.equal(await liqChanged(page, null), first, 'the cached bundle computes the same figure');
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
      own.server.close();
    }
  });
});

describe('content security policy', () => {
  it('is declared, blocks scripts the build did not produce, and the app computes under it', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const { page } = app;
      const failed = [];
      page.on('requestfailed', (r) => failed.push({ url: r.url(), error: r.failure()?.errorText }));
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.match(csp, /default-src 'self'/);
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
      assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'|https?:|\*/, scriptSrc);

      const violations = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', (e) => {
              seen.push({ uri: e.blockedURI, directive: e.effectiveDirective });
              if (seen.length === 2) resolve(seen);
            });
            const external = document.createElement('script');
            external.src = 'http://127.0.0.2:9/injected.js';
            document.head.appendChild(external);
            const inline = document.createElement('script');
            inline.textContent = 'window.__injected = true;';
            document.head.appendChild(inline);
            setTimeout(() => resolve(seen), 3000);
          }),
      );
      assert.equal(violations.length, 2, JSON.stringify(violations));
      assert.ok(violations.some((v) => v.uri.startsWith('http://127.0.0.2') && v.directive.startsWith('script-src')), JSON.stringify(violations));
      assert.ok(violations.some((v) => v.uri === 'inline'), JSON.stringify(violations));
      assert.equal(await page.evaluate(() => window.__injected), undefined, 'the inline script did not run');
      // Chromium reports the blocked load as a failed request that never reached the network.
      assert.deepEqual(
        failed.filter((f) => f.url.includes('127.0.0.2')).map((f) => f.error),
        ['csp'],
      );

      // The app still works under the policy.
      const before = await liq(page);
      await setValue(page, 'input-leverage', '20');
      const after = await liqChanged(page, before);
      assert.equal(after, cliEval(await scenarioFromPage(page)).liquidation_price);
      assert.deepEqual(app.pageErrors, []);
    } finally {
      await app.close();
    }
  });
});
