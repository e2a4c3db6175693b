#!/usr/bin/env node
// Tiny static file server for the built bundle (dist/). Loopback only, no dependencies.
//
//   node scripts/static-server.mjs [--root DIR] [--port N] [--host 127.0.0.1]
//
// Port 0 picks a free port. Prints "Serving on http://HOST:PORT/" once listening.
// Also importable: `startServer({ root, port, host })` resolves to { server, url, port }.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

// Types worth compressing on the fly (everything textual, plus wasm).
const COMPRESSIBLE = /^(text\/|application\/(wasm|json|manifest\+json|xml)|image\/svg\+xml)/;
// Trunk puts a content hash in asset names (levcalc-web-0123abcd.js): those can be cached forever.
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
// Framing (README "Hosting: response headers"): frame.html is the page embeds load, so any site
// may frame it; every other page may be framed by this origin only. A <meta> CSP cannot say
// frame-ancestors, so these must be response headers.
export const NO_FOREIGN_FRAMES = {
  'Content-Security-Policy': "frame-ancestors 'self'",
  'X-Frame-Options': 'SAMEORIGIN',
};

/** Extra headers for a file: the framing rule for HTML pages (none for frame.html). */
export function frameHeaders(file) {
  if (path.extname(file).toLowerCase() !== '.html' || path.basename(file) === 'frame.html') return {};
  return NO_FOREIGN_FRAMES;
}

export function mimeType(file) {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function statFile(file) {
  try {
    const st = await fs.stat(file);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

/** Maps a URL path to a file under root, or null if it escapes root. */
function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

export function startServer({ root = 'dist', port = 8080, host = '127.0.0.1', quiet = true } = {}) {
  if (!LOOPBACK.has(host)) throw new Error(`refusing to bind to ${host}: loopback only`);
  const absRoot = path.resolve(root);
  const gzipCache = new Map(); // file -> { mtimeMs, body }

  const server = http.createServer(async (req, res) => {
    const started = Date.now();
    const done = (status) => {
      if (!quiet) console.log(`${req.method} ${req.url} ${status} ${Date.now() - started}ms`);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return done(405);
      }
      const urlPath = new URL(req.url, 'http://localhost').pathname;
      let file = resolvePath(absRoot, urlPath);
      if (!file) {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path\n');
        return done(400);
      }
      let st = await statFile(file);
      if (!st && (urlPath.endsWith('/') || file === absRoot)) {
        file = path.join(file, 'index.html');
        st = await statFile(file);
      }
      // Single-page app: an extension-less path that is not a file gets index.html.
      if (!st && path.extname(urlPath) === '') {
        file = path.join(absRoot, 'index.html');
        st = await statFile(file);
      }
      if (!st) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
        return done(404);
      }
      const type = mimeType(file);
      const headers = {
        'Content-Type': type,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
        'Last-Modified': st.mtime.toUTCString(),
        ...frameHeaders(file),
      };
      let body;
      const acceptsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      if (acceptsGzip && COMPRESSIBLE.test(type) && st.size > 1024) {
        let cached = gzipCache.get(file);
        if (!cached || cached.mtimeMs !== st.mtimeMs) {
          cached = { mtimeMs: st.mtimeMs, body: zlib.gzipSync(await fs.readFile(file), { level: 9 }) };
          gzipCache.set(file, cached);
        }
        body = cached.body;
        headers['Content-Encoding'] = 'gzip';
        headers['Vary'] = 'Accept-Encoding';
      } else {
        body = await fs.readFile(file);
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      done(200);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
      console.error(err);
      done(500);
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({ server, port: actual, url: `http://${shown}:${actual}/` });
    });
  });
}

function parseArgs(argv) {
  const opts = { root: 'dist', port: Number(process.env.PORT ?? 8080), host: '127.0.0.1', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--root') opts.root = value();
    else if (a === '--port') opts.port = Number(value());
    else if (a === '--host') opts.host = value();
    else if (a === '--quiet') opts.quiet = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad port');
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const st = await fs.stat(path.join(opts.root, 'index.html')).catch(() => null);
    if (!st) throw new Error(`${path.join(opts.root, 'index.html')} not found: build first (trunk build --release)`);
    const { server, url } = await startServer(opts);
    console.log(`Serving on ${url}`);
    const stop = () => server.close(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    console.error(`static-server: ${err.message}`);
    process.exit(1);
  }
}
