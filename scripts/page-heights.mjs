#!/usr/bin/env node
// Page heights and first-screen facts (issue 13 §4, §5), from one run on the built dist/:
//   node scripts/page-heights.mjs [--shots DIR]
// For the main page and the default lesson embed, at 1280×800 and 360×740: the document's
// height, the top of the liquidation figure, whether it is in the first screen (the embed:
// in the first 600 px), and (main page) where the form's bottom is while the page is scrolled
// to the risk panel (the form stays in view at desktop widths).
import path from 'node:path';
import { serveDist, launchBrowser, openApp, tid, settle } from '../tests/e2e/lib/harness.mjs';

const shots = process.argv.includes('--shots') ? process.argv[process.argv.indexOf('--shots') + 1] : null;
const server = await serveDist();
const browser = await launchBrowser();
const lesson =
  'frame.html#v=1&venue=binance-usdm&sym=BTCUSDT&side=long&entry=60000&qty=0.5&lev=20&stop=57500&tp=66000' +
  '&embed=1&panels=form,liq,chart&lock=venue,symbol,side,entry';
const rows = [];
try {
  for (const [name, url] of [['main', server.url], ['embed', server.url + lesson]]) {
    for (const [width, height] of [[1280, 800], [360, 740]]) {
      for (const scheme of shots ? ['light', 'dark'] : ['light']) {
        const app = await openApp(browser, url, { width, height, colorScheme: scheme });
        try {
          const { page } = app;
          await settle(page);
          const m = await page.evaluate(() => {
            const liq = [...document.querySelectorAll('[data-testid="result-liquidation-price"], [data-testid="summary-top"]')]
              .filter((e) => e.getClientRects().length)
              .map((e) => e.getBoundingClientRect().top + scrollY);
            return { doc: document.documentElement.scrollHeight, liqTop: Math.round(Math.min(...liq)) };
          });
          let formInView = '';
          if (name === 'main') {
            await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight * 0.6));
            await page.waitForTimeout(200);
            formInView = await page.evaluate(() => {
              const f = document.querySelector('.trade-form')?.getBoundingClientRect();
              return f && f.bottom > 0 && f.top < innerHeight ? 'yes' : 'no';
            });
            if (shots) await page.screenshot({ path: path.join(shots, `${name}-${width}-${scheme}-scrolled.png`) });
            await page.evaluate(() => scrollTo(0, 0));
          }
          const limit = name === 'embed' ? 600 : height;
          if (scheme === 'light') {
            rows.push({ page: name, viewport: `${width}×${height}`, height: m.doc, liquidation_top: m.liqTop,
              first_screen: m.liqTop < limit ? 'yes' : 'no', form_in_view_at_risk: formInView });
          }
          if (shots) await page.screenshot({ path: path.join(shots, `${name}-${width}-${scheme}.png`) });
        } finally {
          await app.close();
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.table(rows);
