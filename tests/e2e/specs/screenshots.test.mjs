// Full-page screenshots at desktop and phone widths, light and dark, for people to look at.
// Written to tests/e2e/artifacts/ (gitignored).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FORBIDDEN_TEXT, ensureArtifacts, openApp, serveDist, sharedSetup } from '../lib/harness.mjs';

const env = sharedSetup();

describe('screenshots', () => {
  for (const width of [1280, 360]) {
    for (const colorScheme of ['light', 'dark']) {
      it(`${width}px ${colorScheme}`, async () => {
        const app = await openApp(env.browser, env.server.url, { width, height: width > 800 ? 900 : 780, colorScheme });
        try {
          await app.page.waitForLoadState('networkidle');
          const file = path.join(ensureArtifacts(), `app-${width}-${colorScheme}.png`);
          await app.page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 1000, `${file} written`);
          // Nothing may stick out sideways at this width.
          const overflow = await app.page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 0, `no horizontal scrolling at ${width}px (overflow ${overflow}px)`);
          assert.doesNotMatch(await app.page.locator('body').innerText(), FORBIDDEN_TEXT);
          // What a user would notice: figure cards drawn over each other, or the headline figure
          // out of sight on opening the page.
          const seen = await app.page.evaluate(() => {
            const rect = (el) => el.getBoundingClientRect();
            const cards = [...document.querySelectorAll('.stat')].filter((e) => e.offsetParent).map(rect);
            const overlaps = [];
            cards.forEach((a, i) =>
              cards.slice(i + 1).forEach((b) => {
                if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
                  overlaps.push([a.left, a.top, b.left, b.top].map(Math.round));
                }
              }),
            );
            const liq = document.querySelector('[data-testid="result-liquidation-price"]');
            const bar = document.querySelector('.summary-bar:not(.top)');
            const shown = (el) => {
              if (!el || !el.offsetParent) return null;
              const r = rect(el);
              return { top: Math.round(r.top), bottom: Math.round(r.bottom), text: el.innerText };
            };
            return { cards: cards.length, overlaps, liq: shown(liq), bar: shown(bar), height: innerHeight };
          });
          assert.ok(seen.cards >= 10, `the figures are drawn (${seen.cards} cards)`);
          assert.deepEqual(seen.overlaps, [], 'no figure card overlaps another');
          // The liquidation price is in the first screen: the figure itself on a wide screen,
          // the summary bar (it stays in view while the form is edited) on a phone.
          const first = width > 800 ? seen.liq : seen.bar;
          assert.ok(first, `the liquidation figure is shown (${JSON.stringify(seen)})`);
          assert.ok(first.top >= 0 && first.bottom <= seen.height, `in the first screen: ${JSON.stringify(first)}`);
          assert.match(first.text, /\d[\d,]*(\.\d+)? USDT/, `with its price: ${first.text}`);
        } finally {
          await app.close();
        }
      });
    }
  }
});

describe('screenshots: the import panel in use', () => {
  const answer = fs.readFileSync(
    path.join(path.dirname(new URL(import.meta.url).pathname), '../../data/venue-import/binance-fapi-leverageBracket-docs-example.json'),
    'utf8',
  );
  for (const width of [1280, 360]) {
    for (const colorScheme of ['light', 'dark']) {
      it(`${width}px ${colorScheme}`, async () => {
        const link = `${env.server.url}#v=1&venue=binance-usdm&sym=ETHUSDT&side=long&entry=3000&qty=3&lev=20`;
        const app = await openApp(env.browser, link, { width, height: width > 800 ? 900 : 780, colorScheme });
        try {
          const page = app.page;
          const panel = page.locator('[data-testid="table-import-panel"]');
          await panel.waitFor({ state: 'visible', timeout: 15_000 });
          await panel.locator('summary').click();
          await page.locator('[data-testid="table-import-text"]').fill(answer);
          await page.locator('[data-testid="table-import-use"]').click();
          await page.locator('[data-testid="table-import-in-use"]').waitFor({ state: 'visible', timeout: 10_000 });
          const card = page.locator('fieldset.card', { has: panel });
          await card.scrollIntoViewIfNeeded();
          const file = path.join(ensureArtifacts(), `import-${width}-${colorScheme}.png`);
          await card.screenshot({ path: file });
          assert.ok(fs.statSync(file).size > 1000, `${file} written`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 0, `no horizontal scrolling at ${width}px with the panel open (overflow ${overflow}px)`);
          const box = await card.boundingBox();
          const urlBox = await page.locator('[data-testid="table-import-url"]').boundingBox();
          assert.ok(urlBox.x + urlBox.width <= box.x + box.width + 1, 'the URL stays inside its card');
          assert.deepEqual(app.pageErrors, []);
        } finally {
          await app.close();
        }
      });
    }
  }
});
