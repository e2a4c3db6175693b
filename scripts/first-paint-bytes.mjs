#!/usr/bin/env node
// Gzip bytes the browser needs before it can paint dist/index.html's first screen (issue 14):
// the HTML up to the end of <div id="first-paint"> (scripts/postbuild.mjs marks it with
// <!--/first-paint-->), every stylesheet the head links, and every head script that blocks
// parsing (an external script without defer, async or type=module).
// Prints "TOTAL part bytes, part bytes, …". Usage: node scripts/first-paint-bytes.mjs [DIST]
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = process.argv[2] || "dist";
const html = readFileSync(join(dir, "index.html"), "utf8");
const end = html.indexOf("<!--/first-paint-->");
if (end < 0) {
  console.error("first-paint-bytes: no first screen in index.html");
  process.exit(1);
}
const head = html.slice(0, html.indexOf("</head>"));
const attr = (tag, name) => tag.match(new RegExp(`\\b${name}=["']?([^"' >]+)`))?.[1];
const local = (href) => href.replace(/^\.?\//, "");
const css = [...head.matchAll(/<link\b[^>]*>/g)]
  .map((m) => m[0])
  .filter((t) => attr(t, "rel") === "stylesheet")
  .map((t) => attr(t, "href"));
const blocking = [...head.matchAll(/<script\b([^>]*)>/g)]
  .map((m) => m[1])
  .filter((a) => /\bsrc=/.test(a) && !/\b(defer|async)\b/.test(a) && attr(a, "type") !== "module")
  .map((a) => attr(a, "src"));
const gz = (b) => gzipSync(b, { level: 9 }).length;
let total = gz(Buffer.from(html.slice(0, end)));
const parts = [`html ${total}`];
for (const f of [...css, ...blocking]) {
  const n = gz(readFileSync(join(dir, local(f))));
  total += n;
  parts.push(`${local(f)} ${n}`);
}
console.log(`${total} ${parts.join(", ")}`);
