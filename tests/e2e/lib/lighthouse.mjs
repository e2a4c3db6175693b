// One Lighthouse run (node API) in Debian's chromium, in a fresh profile: for the lighthouse
// layer (specs/lighthouse.test.mjs) and the page benchmark (scripts/bench-page.mjs).
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, CHROMIUM_FLAGS, tempDir } from './harness.mjs';

/**
 * Audits `url` with the `mobile` (Lighthouse's default: simulated slow 4G, 4x CPU slowdown)
 * or `desktop` preset. `flags`: Lighthouse flags (onlyCategories, output…). Returns the
 * runner result ({ lhr, report }).
 */
export async function runLighthouse(url, { preset = 'mobile', flags = {} } = {}) {
  const userDataDir = tempDir('levcalc-lh-');
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
    userDataDir,
    logLevel: 'silent',
  });
  try {
    return await lighthouse(
      url,
      { port: chrome.port, logLevel: 'error', ...flags },
      preset === 'desktop' ? desktopConfig : undefined,
    );
  } finally {
    await chrome.kill();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
