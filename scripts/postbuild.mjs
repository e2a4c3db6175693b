#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml): finishes the bundle in Trunk's staging directory.
//
// 0. The first screen (issue 14): the app's markup for the opening scenario, rendered natively
//    by the same components and engine (`cargo run --bin levcalc-prerender`,
//    src/ui/first_paint.rs), is written into index.html as <div id="first-paint" inert>, so the
//    page shows real figures before any wasm is fetched; the app removes it in the task that
//    mounts (src/ui/mount). The wasm is no longer preloaded and starts after the first frame.
//    Step 0c puts src/first-screen-live.js into the start script: once the wasm is in, the
//    first screen's number inputs are live while the app is built (src/ui/live.rs).
//    A link with a scenario shows that screen as pending (public/boot-guard.js marks <html>
//    with fp-link, style/main.css greys the figures), an embed hides it (fp-embed).
// 1. Pages under public/ that load the engine get the real (hashed) module names.
// 2. sw.js: a service worker that precaches every file of the bundle, versioned by a hash of
//    their contents, so the page works offline after the first visit.
// 3. offline.html: one self-contained file — styles, icon, JavaScript glue and the wasm
//    (base64, instantiated from bytes) inlined — that works when opened from disk (file://).
//    The venues' tables (data/venues/<key>.txt, the page form of data/venues/*.json copied by
//    Trunk from data/venues/page; precached by sw.js like every file) are inlined as
//    <script type="text/plain" id="venue-data-<key>">, which the app reads before it would
//    fetch (src/ui/tables.rs).
// 4. A Content-Security-Policy <meta> in every page: nothing may be loaded from another
//    origin, and the only scripts allowed are the bundle's own files and the inline scripts
//    whose SHA-256 is listed (computed here, after minification).
// 5. frame.html: a byte copy of the finished index.html, the one page hosts may let any site
//    frame (embeds point at it). Every other page is sent with `frame-ancestors 'self'` and
//    `X-Frame-Options: SAMEORIGIN` (scripts/static-server.mjs; README "Hosting: response
//    headers"): a meta CSP cannot set frame-ancestors, so the server has to.
//
// Usage: TRUNK_STAGING_DIR=dist node scripts/postbuild.mjs   (or: node scripts/postbuild.mjs DIR)
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir || !existsSync(join(dir, "index.html"))) {
  console.error(`postbuild: no index.html in ${dir}`);
  process.exit(1);
}
const read = (p) => readFileSync(join(dir, p));
const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const readText = (p) => readFileSync(join(dir, p), "utf8");
const sha256 = (data) => createHash("sha256").update(data).digest("base64");

let index = readText("index.html");
const find = (re, what) => {
  const m = index.match(re);
  if (!m) {
    console.error(`postbuild: cannot find the ${what} in index.html`);
    process.exit(1);
  }
  return m[1];
};
// ---- 0. First screen ----------------------------------------------------------------------
// The native build shares cargo test's artifacts (dev profile, host target).
// Its stderr is shown only when it fails (debug builds warn about untracked reads).
const render = spawnSync("cargo", ["run", "--offline", "--quiet", "--bin", "levcalc-prerender"], {
  cwd: repo,
  encoding: "utf8",
  maxBuffer: 1 << 26,
});
if (render.status !== 0) {
  console.error(`postbuild: levcalc-prerender failed (${render.error || `exit ${render.status}`})\n${render.stderr}`);
  process.exit(1);
}
const shell = render.stdout;
if (!shell.includes('data-testid="result-liquidation-price"')) {
  console.error("postbuild: levcalc-prerender wrote no liquidation figure");
  process.exit(1);
}
// Its test hooks are renamed (data-shell-testid), so a test that waits for the app's figures
// never takes the first screen's for them.
const firstScreen = shell.replaceAll('data-testid="', 'data-shell-testid="');
const pending = '<p class="fp-pending" role="status">Opening the trade in your link…</p>';
index = index.replace(/<body[^>]*>/, (m) => `${m}<div id="first-paint" inert>${pending}${firstScreen}</div><!--/first-paint-->`);
if (!index.includes('id="first-paint"')) {
  console.error("postbuild: no <body> in index.html for the first screen");
  process.exit(1);
}
// The opening venue's table file goes inline at the end of the page (after the first screen,
// so not before the first paint): the app's first render then uses the same table as the
// first screen, with no "loading the table" note and no figure changing under the reader.
const venueKey = shell.match(/data-testid="select-venue"[^>]*>(?:<option[^>]*>[^<]*<\/option>)*?<option value="([a-z0-9-]+)" selected/);
const venueFile = venueKey && `data/venues/${venueKey[1]}.txt`;
if (!venueFile || !existsSync(join(dir, venueFile))) {
  console.error(`postbuild: no table file for the first screen's venue (${venueFile})`);
  process.exit(1);
}
const dataBlock = (f) => {
  const key = f.slice("data/venues/".length, -".txt".length);
  const text = readText(f);
  // A data block ends at the first "</script": a table text holding one would be cut, so the
  // build stops instead (no venue's text has one).
  if (/<\/script/i.test(text)) {
    console.error(`postbuild: ${f} holds "</script": it cannot be inlined`);
    process.exit(1);
  }
  return `<script type="text/plain" id="venue-data-${key}">${text}</script>`;
};
// (The minified page may omit its optional </body>: then the block goes at the end.)
const atBodyEnd = (html, block) =>
  html.includes("</body>") ? html.replace("</body>", () => `${block}\n</body>`) : `${html}${block}\n`;
index = atBodyEnd(index, dataBlock(venueFile));
// The wasm is fetched by init, after the first frame, not preloaded ahead of the styles.
index = index.replace(/<link\b[^>]*>/g, (tag) => (/\brel=["']?preload\b/.test(tag) && /_bg\.wasm/.test(tag) ? "" : tag));
index = index.replace(/(<script type=["']?module["']?>)([\s\S]*?)(<\/script>)/, (m, open, body, close) => {
  const at = body.search(/const wasm\s*=\s*await/);
  if (at < 0) {
    console.error("postbuild: cannot find the wasm start in index.html's module script");
    process.exit(1);
  }
  // After the first contentful paint has been presented (the paint timing entry); at most
  // 300 ms late where nothing is painted (hidden tabs, off-screen frames), so an embed still
  // starts and reports its height. An embed, which does not show the first screen, starts at once.
  const wait =
    "await new Promise((r) => { if (document.documentElement.classList.contains('fp-embed')) return r(); setTimeout(r, 300); try { new PerformanceObserver((l) => l.getEntriesByName('first-contentful-paint').length && r()).observe({ type: 'paint', buffered: true }); } catch { r(); } });\n";
  return `${open}${body.slice(0, at)}${wait}${body.slice(at)}${close}`;
});
writeFileSync(join(dir, "index.html"), index);

const jsName = find(/from\s*['"]\.?\/?([^'"]+\.js)['"]/, "module script");
// ---- 0b. The JavaScript glue, minified ---------------------------------------------------
// Trunk 0.21's minifier cannot parse wasm-bindgen's `export default` and ships the glue as is;
// terser (tests/e2e/package.json, installed by scripts/install-tools) minifies it here, as an
// ES module (exports and import.meta kept): 10.0 -> 7.1 KB gzip. The page's integrity hash of
// the file is written again. Every later step (public pages, sw.js, offline.html) reads the
// minified file.
{
  const terserPath = join(repo, "tests/e2e/node_modules/terser/main.js");
  if (!existsSync(terserPath)) {
    console.error("postbuild: terser not installed (run scripts/install-tools)");
    process.exit(1);
  }
  const { minify } = await import(pathToFileURL(terserPath).href);
  const source = readText(jsName);
  // `__wbg_init` (the default export) keeps its name: offline.html's inline boot calls it.
  const out = await minify(source, {
    module: true,
    compress: { passes: 2 },
    mangle: { reserved: ["__wbg_init"] },
    format: { comments: false },
  });
  if (!out.code || out.code.length >= source.length || !/\b__wbg_init\b/.test(out.code)) {
    console.error(`postbuild: terser gave no smaller ${jsName} with __wbg_init in it`);
    process.exit(1);
  }
  writeFileSync(join(dir, jsName), out.code);
  const sri = `sha384-${createHash("sha384").update(out.code).digest("base64")}`;
  let count = 0;
  index = index.replace(/(<link\b[^>]*>)/g, (tag) => {
    if (!tag.includes(jsName)) return tag;
    count += 1;
    return tag.replace(/integrity=["']?sha384-[A-Za-z0-9+/=]+["']?/, `integrity=${sri}`);
  });
  if (count !== 1) {
    console.error(`postbuild: expected one <link> to ${jsName} in index.html, found ${count}`);
    process.exit(1);
  }
  writeFileSync(join(dir, "index.html"), index);
}
// ---- 0c. The first screen, live while the app is built -------------------------------------
// src/first-screen-live.js (minified) goes into the start script, with
// window.levcalcFirstScreenLive calling it on the app's module: the app calls that once its
// wasm is in and the opening venue's table is read, before it builds its view (issue 14).
// (offline.html's start script gets it too, step 3.)
let liveCode;
{
  const { minify } = await import(pathToFileURL(join(repo, "tests/e2e/node_modules/terser/main.js")).href);
  const live = await minify(readFileSync(join(repo, "src/first-screen-live.js"), "utf8"), {
    compress: { passes: 2 },
    mangle: { reserved: ["firstScreenLive"] },
    format: { comments: false },
  });
  if (!live.code || !live.code.includes("firstScreenLive")) {
    console.error("postbuild: src/first-screen-live.js did not minify");
    process.exit(1);
  }
  liveCode = live.code;
  let done = 0;
  index = index.replace(/(<script type=["']?module["']?>)([\s\S]*?)(<\/script>)/, (m, open, body, close) => {
    const at = body.search(/\n/);
    if (!/^import init, \* as bindings from/.test(body) || at < 0) return m;
    done += 1;
    const call = `\n${live.code}\nwindow.levcalcFirstScreenLive = () => firstScreenLive(bindings);`;
    return `${open}${body.slice(0, at)}${call}${body.slice(at)}${close}`;
  });
  if (done !== 1) {
    console.error("postbuild: cannot put the first screen's live script into index.html's start script");
    process.exit(1);
  }
  writeFileSync(join(dir, "index.html"), index);
}
const wasmName = find(/module_or_path:\s*['"]\.?\/?([^'"]+_bg\.wasm)['"]/, "wasm file");
// Every stylesheet the page links (main.css and the feature stylesheets), in page order.
const cssNames = [...index.matchAll(/href=["']?\.?\/?([^"' >]+\.css)/g)].map((m) => m[1]);

// ---- 1. Engine pages under public/ ------------------------------------------------------
const walk = (d) =>
  readdirSync(join(dir, d)).flatMap((f) => {
    const p = d ? `${d}/${f}` : f;
    return statSync(join(dir, p)).isDirectory() ? walk(p) : [p];
  });
const files = walk("").filter(
  (f) => !f.startsWith(".") && f !== "sw.js" && f !== "offline.html" && f !== "frame.html",
);
for (const page of files.filter((f) => f.endsWith(".html") && f !== "index.html")) {
  const up = relative(dirname(join(dir, page)), dir) || ".";
  let html = readText(page);
  html = html
    .replaceAll("./levcalc-web.js", `${up}/${jsName}`)
    .replaceAll("./levcalc-web_bg.wasm", `${up}/${wasmName}`)
    .replaceAll("./levcalc-app/", `${up}/`);
  writeFileSync(join(dir, page), html);
}

// ---- 2. Service worker ------------------------------------------------------------------
// frame.html is written last (step 5) as a copy of index.html: its content is index.html's.
const precache = ["./", "frame.html", ...files.filter((f) => !f.endsWith(".map"))];
const version = createHash("sha256")
  .update(precache.map((f) => (f === "./" ? "" : sha256(read(f === "frame.html" ? "index.html" : f)))).join(""))
  .digest("hex")
  .slice(0, 16);
const sw = `// Generated by scripts/postbuild.mjs: precaches the bundle (version ${version}).
const CACHE = "levcalc-${version}";
const FILES = ${JSON.stringify(precache)};
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("levcalc-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  const isPage = req.mode === "navigate";
  e.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const hit = await cache.match(req, { ignoreSearch: isPage });
      if (hit) return hit;
      try {
        return await fetch(req);
      } catch (err) {
        const page = isPage && (await cache.match("./"));
        if (page) return page;
        throw err;
      }
    }),
  );
});
`;
writeFileSync(join(dir, "sw.js"), sw);

// ---- 3. Single-file offline page ---------------------------------------------------------
const glue = readText(jsName).replace(/\/\/# sourceMappingURL=.*$/m, "");
const wasmB64 = read(wasmName).toString("base64");
const css = cssNames.map(readText).join("\n");
const iconPath = files.find((f) => f.endsWith("favicon.svg"));
const bootGuard = files.find((f) => f.endsWith("boot-guard.js"));
const icon = iconPath ? `data:image/svg+xml;base64,${read(iconPath).toString("base64")}` : null;
const boot = `${glue}
${liveCode}
window.levcalcFirstScreenLive = () => firstScreenLive({ shellKnows, shellUpdate });
const __b = atob(${JSON.stringify(wasmB64)});
const __bytes = new Uint8Array(__b.length);
for (let i = 0; i < __b.length; i++) __bytes[i] = __b.charCodeAt(i);
const __wasm = await __wbg_init({ module_or_path: __bytes });
window.levcalcOffline = true;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: __wasm } }));
`;
let offline = index
  // Drop what needs a server: preloads, the external stylesheet, the manifest and the
  // service-worker registration.
  .replace(/<link[^>]*rel=["']?(modulepreload|preload|manifest)["']?[^>]*>/g, "")
  .replace(/<link[^>]*rel=["']?stylesheet["']?[^>]*>/g, "")
  .replace(/<script[^>]*src=[^>]*register-sw[^>]*><\/script>/g, "")
  // The boot guard is inlined (its hash goes into the CSP below).
  .replace(/<script[^>]*src=[^>]*boot-guard\.js[^>]*><\/script>/, () =>
    bootGuard ? `<script>${readText(bootGuard)}</script>` : "",
  )
  .replace(/<script type=["']?module["']?>[\s\S]*?<\/script>/, () => `<script type="module">${boot}</script>`)
  .replace(/<link([^>]*)rel=["']?icon["']?([^>]*)>/, (m) =>
    icon ? `<link rel="icon" type="image/svg+xml" href="${icon}">` : m,
  )
  .replace("</head>", () => `<style>${css}</style></head>`);
// Every venue's table inline (the opening venue's is already, from step 0).
const venueData = files
  .filter((f) => /^data\/venues\/[a-z0-9-]+\.txt$/.test(f) && f !== venueFile)
  .map(dataBlock)
  .join("\n");
offline = atBodyEnd(offline, venueData);
writeFileSync(join(dir, "offline.html"), offline);

// ---- 4. Content-Security-Policy --------------------------------------------------------
const policy = (html, { offline }) => {
  // Data blocks (the inlined venue tables) are not scripts: no hash for them.
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*text\/plain)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1])
    .filter((s) => s.trim() !== "")
    .map((s) => `'sha256-${sha256(s)}'`);
  const self = offline ? "" : "'self' ";
  return [
    `default-src ${offline ? "'none'" : "'self'"}`,
    `script-src ${self}'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
    `style-src ${self}'unsafe-inline'`,
    `img-src ${self}data:`,
    `connect-src ${offline ? "'none'" : "'self'"}`,
    `worker-src ${offline ? "'none'" : "'self'"}`,
    `manifest-src ${offline ? "'none'" : "'self'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
};
const withCsp = (html, opts) => {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(html, opts)}">`;
  const cleaned = html.replace(/<meta http-equiv=["']?Content-Security-Policy["']?[^>]*>/g, "");
  return cleaned.replace(/<head>|<meta charset=["']?utf-8["']?\s*\/?>/i, (m) => `${m}${meta}`);
};
for (const page of ["index.html", ...files.filter((f) => f.endsWith(".html") && f !== "index.html")]) {
  writeFileSync(join(dir, page), withCsp(readText(page), { offline: false }));
}
writeFileSync(join(dir, "offline.html"), withCsp(readText("offline.html"), { offline: true }));

// ---- 5. frame.html ------------------------------------------------------------------------
writeFileSync(join(dir, "frame.html"), read("index.html"));

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `postbuild: sw.js (${precache.length} files, version ${version}), offline.html (${kb(
    statSync(join(dir, "offline.html")).size,
  )}), CSP in ${files.filter((f) => f.endsWith(".html")).length + 1} pages, frame.html`,
);
