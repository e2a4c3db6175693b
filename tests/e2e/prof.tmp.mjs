import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
const root = '/tmp/dist-prof';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain', '.json': 'application/json', '.svg': 'image/svg+xml' };
const srv = http.createServer((q, r) => { let p = decodeURIComponent(q.url.split(/[?#]/)[0]); if (p.endsWith('/')) p += 'index.html'; const f = path.join(root, p); if (!fs.existsSync(f)) { r.writeHead(404); return r.end(); } r.writeHead(200, { 'content-type': types[path.extname(f)] || 'application/octet-stream' }); fs.createReadStream(f).pipe(r); }).listen(8766, '127.0.0.1');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await b.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto('http://127.0.0.1:8766/');
await page.waitForSelector('[data-testid="risk-panel"]', { timeout: 30000 });
await page.waitForTimeout(6000);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(async () => {
  for (let i = 0; i < 45; i++) {
    const [id, v] = i % 3 === 0 ? ['input-leverage', String(5 + ((i * 7) % 30))] : i % 3 === 1 ? ['input-volatility', String(40 + ((i * 11) % 60))] : ['input-stop', String(56000 + ((i * 137) % 2500))];
    const el = document.querySelector(`[data-testid="${id}"]`);
    el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 60));
  }
});
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => { const n = byId.get(id); const name = n.callFrame.functionName || '(anon ' + n.callFrame.url.split('/').pop() + ')'; const d = dt[i] / 1000; total += d; self.set(name, (self.get(name) || 0) + d); });
// inclusive for levcalc:: functions
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const incl = new Map();
profile.samples.forEach((id, i) => { const seen = new Set(); let cur = id; while (cur) { const n = byId.get(cur); const nm = n.callFrame.functionName; if (nm && !seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) || 0) + dt[i] / 1000); } cur = parent.get(cur); } });
const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
console.log('total ms', total.toFixed(0));
console.log('--- self'); for (const [n, v] of top(self, 30)) console.log(v.toFixed(1), n.slice(0, 150));
console.log('--- inclusive levcalc'); for (const [n, v] of top(new Map([...incl].filter(([n]) => n.includes('levcalc'))), 45)) console.log(v.toFixed(1), n.slice(0, 150));
await b.close(); srv.close();
