import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';
import { CHROMIUM, CHROMIUM_FLAGS, scenariosFile } from './lib/harness.mjs';
const server = await startServer({ root: process.env.LEVCALC_DIST, port: 0, quiet: true });
const url = server.url ?? `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
const shot = async (name, w, h, dark, fn) => {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: dark ? 'dark' : 'light' });
  const page = await ctx.newPage();
  await fn(page);
  await page.screenshot({ path: `/tmp/shots/${name}.png` });
  await ctx.close();
};
const crash = async (page) => {
  await page.goto(url + '#v=1&venue=custom&entry=60000&qty=0.5&lev=10&mmr=0.004');
  await page.waitForSelector('[data-testid="result-liquidation-price"]');
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError('unreachable'); }));
  await page.waitForSelector('[data-testid="crash-notice"]');
};
await shot('crash-1280-light', 1280, 800, false, crash);
await shot('crash-360-dark', 360, 740, true, async (page) => { await crash(page); await page.reload(); await page.waitForSelector('[data-testid="crash-notice"]'); await page.waitForTimeout(500); });
const quota = async (page) => {
  await page.goto(url);
  await page.waitForSelector('[data-testid="result-liquidation-price"]');
  await page.evaluate(() => { let s = 'x'.repeat(1 << 20); let i = 0; try { for (;;) { localStorage.setItem('junk' + i++, s); } } catch {} try { for (let k = 1 << 19; k > 16; k >>= 1) localStorage.setItem('junkz' + k, 'x'.repeat(k)); } catch {} });
  await page.fill('[data-testid="save-name"]', 'My swing');
  await page.click('[data-testid="save-button"]');
  await page.waitForTimeout(300);
  await page.locator('[data-testid="saved-panel"]').scrollIntoViewIfNeeded();
};
await shot('quota-1280-light', 1280, 800, false, quota);
await shot('quota-360-dark', 360, 740, true, quota);
const big = async (page) => {
  await page.goto(url);
  await page.waitForSelector('[data-testid="result-liquidation-price"]');
  const others = Array.from({ length: 100 }, () => ({ symbol: 'ETHUSDT', side: 'short', quantity: '1.'+'1'.repeat(60), entry_price: '3.'+'3'.repeat(60), maintenance: { rate: '0.005' } }));
  const file = scenariosFile([['Huge', { version: 1, venue: 'custom', margin_mode: 'cross', wallet_balance: '100000', entry_price: '60000', quantity: '0.5', leverage: '10', maintenance: { rate: '0.004' }, other_positions: others }]]);
  await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await page.waitForSelector('[data-testid="saved-load"]');
  await page.click('[data-testid="saved-load"]');
  await page.waitForSelector('[data-testid="link-too-long"]');
  await page.locator('[data-testid="link-too-long"]').scrollIntoViewIfNeeded();
};
await shot('toolong-1280-light', 1280, 800, false, big);
await shot('toolong-360-dark', 360, 740, true, big);
await browser.close(); await server.close();
console.log('done');
