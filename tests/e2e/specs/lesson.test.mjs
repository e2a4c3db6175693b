// Issue 13 §4 and §5 in the browser: a lesson embedded from another origin (every input
// lockable, a caption, the liquidation figure in the frame's first 600 px at 1280 and 360 px,
// the tier table folded, chart text at least 12 px as rendered), links that carry the panels'
// state (Monte Carlo model, open tab, ladder rungs, what-ifs, CPPI) through a reload, and a
// page whose form stays in view beside an index that keeps its place in the address.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { openApp, setValue, settle, tid, waitFor, sharedSetup } from '../lib/harness.mjs';

const env = sharedSetup();

/** A page on another origin (another loopback port) holding `body`. */
async function foreignPage(body) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lesson</title></head>
<body><main><h1>Leverage, lesson 3</h1>${body}</main></body></html>`;
  const s = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${s.address().port}/`, close: () => new Promise((r) => s.close(r)) };
}

/** The smallest rendered font size of any chart text in `frame` (CSS px). */
const chartTextPx = (frame) =>
  frame.evaluate(() => {
    let min = Infinity;
    for (const svg of document.querySelectorAll('svg.chart')) {
      const vb = svg.viewBox.baseVal;
      if (!vb || !vb.width) continue;
      const scale = svg.getBoundingClientRect().width / vb.width;
      for (const t of svg.querySelectorAll('text')) min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    return min;
  });

describe('a lesson embed', () => {
  it('locks any input, carries a caption, and fits a lesson page on another origin (issue 13 §4)', async () => {
    const app = await openApp(env.browser, env.server.url);
    let lesson;
    try {
      const { page } = app;
      await page.locator(tid('open-embed')).click();
      await page.locator(tid('embed-dialog')).waitFor();
      // Every input of the form can be locked (it was 8 of them), and "Inputs" is on.
      const lockable = await page.locator('input[id^="embed-lock-"]').count();
      assert.ok(lockable >= 24, `${lockable} lock choices`);
      assert.equal(await page.locator('#embed-panel-form').isChecked(), true, '"Inputs" is on by default');
      for (const k of ['symbol', 'contract', 'margin-mode', 'size-mode', 'taker-fee', 'maker-fee', 'mark', 'entry', 'other-positions']) {
        await page.locator(`#embed-lock-${k}`).check();
      }
      await page.locator(tid('embed-caption-input')).fill('Lesson 3: <b>leverage</b> & the liquidation price');
      const snippet = await waitFor(async () => {
        const s = await page.locator(tid('embed-snippet')).inputValue();
        return s.includes('caption=') && s.includes('other-positions') ? s : null;
      });
      assert.ok(snippet, 'the locks and the caption are in the snippet');
      assert.match(snippet, /title="Lesson 3: &lt;b&gt;leverage&lt;\/b&gt; &amp; the liquidation price"/);
      const liqMain = await page.locator(tid('result-liquidation-price')).getAttribute('data-value');

      // The teacher pastes the snippet as it is into a page on another origin.
      lesson = await foreignPage(snippet);
      assert.notEqual(new URL(lesson.url).origin, new URL(env.server.url).origin);
      for (const [width, height] of [[1280, 800], [360, 740]]) {
        const ctx = await env.browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
        try {
          const p = await ctx.newPage();
          const errors = [];
          p.on('pageerror', (e) => errors.push(String(e)));
          await p.goto(lesson.url, { waitUntil: 'load' });
          const frameEl = p.locator('iframe');
          const frame = p.frameLocator('iframe');
          await frame.locator(tid('result-liquidation-price')).first().waitFor({ state: 'attached', timeout: 15_000 });
          const f = (await frameEl.elementHandle()).contentFrame();
          const fr = await f;
          await settle(fr);
          // The caption is text, not markup.
          assert.equal(await frame.locator(tid('embed-caption')).innerText(), 'Lesson 3: <b>leverage</b> & the liquidation price');
          assert.equal(await frame.locator('.embed-caption b').count(), 0);
          // Locked: the symbol (a combobox), the selects, the fees and the mark; the leverage stays free.
          assert.equal(await frame.locator(tid('combo-symbol')).isDisabled(), true, 'the symbol is locked');
          for (const id of ['select-contract', 'select-margin-mode', 'select-size-mode']) {
            assert.equal(await frame.locator(tid(id)).isDisabled(), true, `${id} is locked`);
          }
          for (const id of ['input-taker-fee', 'input-maker-fee', 'input-mark', 'input-entry']) {
            assert.equal(await frame.locator(tid(id)).getAttribute('readonly'), '', `${id} is read-only`);
          }
          assert.equal(await frame.locator(tid('input-leverage')).getAttribute('readonly'), null);
          assert.match(await frame.locator(tid('lock-note')).innerText(), /Symbol.*Contract.*Other positions/);
          // The frame computes what the page computed, and the student can still move the leverage.
          assert.equal(await frame.locator(tid('result-liquidation-price')).first().getAttribute('data-value'), liqMain);
          // The liquidation figure is in the frame's first 600 px, at both widths.
          const top = await fr.evaluate(() => {
            const seen = [...document.querySelectorAll('[data-testid="result-liquidation-price"], [data-testid="summary-top"]')]
              .filter((e) => e.getClientRects().length && getComputedStyle(e).display !== 'none');
            return Math.min(...seen.map((e) => e.getBoundingClientRect().bottom + scrollY));
          });
          assert.ok(top <= 600, `${width} px: the liquidation figure ends at ${top} px`);
          if (width < 720) {
            assert.ok(await frame.locator(tid('summary-top')).isVisible(), 'the result bar leads a narrow frame');
          }
          // The 12-tier table is folded, its summary says which tier is in use.
          assert.equal(await frame.locator('details.bracket-details').evaluate((d) => d.open), false);
          assert.match(await frame.locator(tid('bracket-summary')).innerText(), /tier \d+ in use/);
          // Chart text at least 12 px as rendered.
          const px = await chartTextPx(fr);
          assert.ok(px >= 11.9, `${width} px: chart text ${px.toFixed(1)} px`);
          // The lesson page sized the frame from its messages: no scrollbar inside.
          const fitted = await waitFor(async () => {
            const h = await frameEl.evaluate((el) => el.getBoundingClientRect().height);
            const content = await fr.evaluate(() => document.documentElement.scrollHeight);
            return Math.abs(h - content) <= 2 ? { h, content } : null;
          }, { timeout: 8_000 });
          assert.ok(fitted, 'the frame fits its content');
          // Moving the leverage moves the figure.
          await frame.locator(tid('input-leverage')).fill('25');
          await waitFor(async () => (await frame.locator(tid('result-liquidation-price')).first().getAttribute('data-value')) !== liqMain);
          assert.deepEqual(errors, []);
        } finally {
          await ctx.close();
        }
      }
    } finally {
      await app.close();
      await lesson?.close();
    }
  });

  it('a lock on other positions disables their whole list; lock=all every control', async () => {
    const link =
      'frame.html#v=1&venue=binance-usdm&sym=BTCUSDT&mm=cross&wb=20000&side=long&entry=60000&qty=0.5&lev=20' +
      '&op=ETHUSDT:s:2:3000&embed=1&panels=form,liq';
    for (const [lock, all] of [['other-positions', false], ['all', true]]) {
      const app = await openApp(env.browser, `${env.server.url}${link}&lock=${lock}`);
      try {
        const { page } = app;
        await page.waitForSelector(tid('other-quantity'));
        assert.equal(await page.locator(tid('other-positions')).evaluate((f) => f.disabled), true, 'the list is a disabled fieldset');
        assert.equal(await page.locator(tid('other-quantity')).isDisabled(), true, 'its inputs are disabled');
        assert.equal(await page.locator(tid('add-other-position')).isDisabled(), true, 'no position can be added');
        const free = await page.evaluate(() =>
          [...document.querySelectorAll('.trade-form input, .trade-form select')]
            .filter((e) => !e.matches(':disabled') && !e.readOnly && !e.closest('[hidden]'))
            .map((e) => e.dataset.testid ?? e.id),
        );
        if (all) assert.deepEqual(free, [], 'lock=all leaves no control free');
        else assert.ok(free.includes('input-leverage'), 'the rest stays free');
      } finally {
        await app.close();
      }
    }
  });
});

describe('a link carries the whole page', () => {
  it('the Monte Carlo model, the open tab, rungs, what-ifs and CPPI survive a reload (issue 13 §5)', async () => {
    const app = await openApp(env.browser, env.server.url);
    try {
      const { page } = app;
      await setValue(page, 'select-mc-kind', 'student-t');
      await setValue(page, 'input-mc-df', '3');
      await page.click(tid('dyn-tab-account'));
      await page.waitForSelector(tid('input-rung-2-price'));
      await setValue(page, 'input-rung-2-price', '58123');
      await setValue(page, 'input-dyn-target-lev', '7');
      await page.click(tid('dyn-tab-cppi'));
      await setValue(page, 'input-dyn-mult', '6');
      await page.click(tid('dyn-tab-account'));
      const hash = await waitFor(async () => {
        const h = await page.evaluate(() => location.hash);
        return /[#&]tab=account/.test(h) && /d\.rg=/.test(h) && /d\.mult=6/.test(h) && /r\.mc=student-t/.test(h) ? h : null;
      });
      assert.ok(hash, 'the address holds the panels');
      assert.match(hash, /^#v=1&/, 'the scenario format is unchanged');

      // Opened fresh (a shared link), everything is back.
      const again = await openApp(env.browser, env.server.url + hash);
      try {
        const p = again.page;
        assert.equal(await p.locator(tid('select-mc-kind')).inputValue(), 'student-t');
        assert.equal(await p.locator(tid('input-mc-df')).inputValue(), '3');
        assert.equal(await p.locator(`${tid('dyn-tab-account')}[aria-selected="true"]`).count(), 1, 'the Account tab is open');
        await p.waitForSelector(tid('input-rung-2-price'));
        assert.equal(await p.locator(tid('input-rung-2-price')).inputValue(), '58123', 'the rung the user set');
        assert.equal(await p.locator(tid('input-dyn-target-lev')).inputValue(), '7');
        await p.click(tid('dyn-tab-cppi'));
        assert.equal(await p.locator(tid('input-dyn-mult')).inputValue(), '6');
        assert.equal(await p.locator(tid('link-notice')).count(), 0, 'nothing was ignored');
      } finally {
        await again.close();
      }
      // An older link (no page keys) opens on its defaults, as before.
      const old = await openApp(env.browser, `${env.server.url}#v=1&venue=custom&entry=61000&lev=10&qty=1`);
      try {
        assert.equal(await old.page.locator(tid('select-mc-kind')).inputValue(), 'gaussian');
        assert.equal(await old.page.locator(`${tid('dyn-tab-funding')}[aria-selected="true"]`).count(), 1);
      } finally {
        await old.close();
      }
    } finally {
      await app.close();
    }
  });
});

describe('a page that fits a screen', () => {
  it('the index reaches every section and keeps its place in the address; the form stays in view (issue 13 §5)', async () => {
    const app = await openApp(env.browser, env.server.url, { width: 1280, height: 800 });
    try {
      const { page } = app;
      const sections = await page.locator(`${tid('page-index')} a`).count();
      assert.ok(sections >= 8, `${sections} sections in the index`);
      await page.click(tid('index-risk'));
      const top = await waitFor(async () => {
        const t = await page.evaluate(() => document.getElementById('risk-title').getBoundingClientRect().top);
        return t >= 0 && t < 120 ? t : null;
      });
      assert.ok(top !== null, 'the risk section is at the top of the view');
      assert.ok(await page.locator(tid('page-index')).isVisible(), 'the index stays in view');
      const form = await page.evaluate(() => {
        const r = document.querySelector('.trade-form').getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      });
      assert.ok(form.top >= 0 && form.top < 120 && form.bottom <= 800, `the form is in view beside it: ${JSON.stringify(form)}`);
      const hash = await waitFor(async () => {
        const h = await page.evaluate(() => location.hash);
        return /[#&]at=risk/.test(h) ? h : null;
      });
      assert.ok(hash, 'the section is in the address');
      assert.match(hash, /^#v=1&/, 'and the trade is still there');
      // A reload opens at the same section.
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector(tid('result-liquidation-price'), { state: 'attached' });
      const back = await waitFor(async () => {
        const t = await page.evaluate(() => document.getElementById('risk-title')?.getBoundingClientRect().top);
        return t !== undefined && t >= 0 && t < 200 ? t : null;
      });
      assert.ok(back !== null, 'the reload is at the risk section');
      // Nothing is wider than the window.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    } finally {
      await app.close();
    }
    // At 360 px the first screen answers the trade: the liquidation price is in view.
    const narrow = await openApp(env.browser, env.server.url, { width: 360, height: 740 });
    try {
      const p = narrow.page;
      const bar = await p.locator('.trade-form .summary-bar').boundingBox();
      assert.ok(bar && bar.y + bar.height <= 740 && bar.y >= 0, `the result bar is in the first screen: ${JSON.stringify(bar)}`);
      assert.match(await p.locator('.trade-form .summary-bar').innerText(), /Liquidation [\d,]+\.\d+ USDT/);
      assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no horizontal scroll at 360 px');
    } finally {
      await narrow.close();
    }
  });
});

describe('open price from the calculator', () => {
  it('an add gives the average entry and the liquidation price of the combined position (issue 13 §3)', async () => {
    const app = await openApp(env.browser, `${env.server.url}#v=1&venue=binance-usdm&sym=BTCUSDT&side=long&entry=60000&qty=0.5&lev=10`);
    try {
      const { page } = app;
      assert.match((await page.locator(tid('input-mode-add-price')).getAttribute('placeholder')) ?? '', /^e\.g\. 58,800/);
      await setValue(page, 'input-mode-add-qty', '0.5');
      await setValue(page, 'input-mode-add-price', '58000');
      const avg = await waitFor(async () => (await page.locator(tid('mode-open-price')).getAttribute('data-value')) || null);
      assert.equal(avg, '59000', 'the quantity-weighted mean');
      const detail = await page.locator(`${tid('mode-open-price')} + .detail`).innerText();
      const after = detail.match(/Liquidation ([\d,]+\.\d+) USDT/)[1];
      // The same position typed as one trade: 1 BTC at 59,000, 10× (margin 3,000 + 2,900).
      await setValue(page, 'input-entry', '59000');
      await setValue(page, 'input-quantity', '1');
      await waitFor(async () => /59000/.test(await page.evaluate(() => location.hash)));
      const liq = await page.locator(tid('result-liquidation-price')).first().innerText();
      assert.equal(liq.replace(/\s*USDT.*/s, ''), after, `${detail} vs ${liq}`);
      // A bad add names its own input.
      await setValue(page, 'input-mode-add-price', '-5');
      await page.waitForSelector(tid('error-mode-add-price'));
      assert.match(await page.locator(tid('error-mode-add-price')).innerText(), /Add price/);
    } finally {
      await app.close();
    }
  });
});
