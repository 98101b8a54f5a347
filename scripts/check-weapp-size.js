#!/usr/bin/env node
/**
 * Size gate for the mini-program (run after `npm run build:weapp`; `npm run build:h5` for the h5 figures).
 * - weapp main package: every file under miniprogram/dist/weapp except the subpackage roots declared in
 *   app.json. WeChat refuses a main package above 2 MB; we fail above 1.5 MB to keep room.
 * - h5: the scripts index.html loads at start (the "main bundle"), raw and gzip. Reported, not gated.
 * Exit 1 when the weapp build is missing or too big.
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..', 'miniprogram', 'dist');
const LIMIT_BYTES = 1.5 * 1024 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function weapp() {
  const dir = path.join(root, 'weapp');
  const appJson = path.join(dir, 'app.json');
  if (!fs.existsSync(appJson)) {
    console.error(`weapp build not found (${appJson}). Run: npm run build:weapp`);
    return false;
  }
  const app = JSON.parse(fs.readFileSync(appJson, 'utf8'));
  const subRoots = [...(app.subPackages || []), ...(app.subpackages || [])].map((s) => s.root.replace(/\/+$/, ''));
  let main = 0;
  const subs = Object.fromEntries(subRoots.map((r) => [r, 0]));
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const size = fs.statSync(file).size;
    const sub = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`));
    if (sub) subs[sub] += size;
    else main += size;
  }
  const ok = main <= LIMIT_BYTES;
  console.log(`weapp main package: ${kb(main)} (limit ${kb(LIMIT_BYTES)}; WeChat's own limit 2048.0 KB) — ${ok ? 'OK' : 'TOO BIG'}`);
  for (const [r, size] of Object.entries(subs)) console.log(`weapp subpackage ${r}: ${kb(size)}`);
  return ok;
}

function h5() {
  const dir = path.join(root, 'h5');
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    console.log('h5 build not found: run npm run build:h5 for its bundle size');
    return;
  }
  const html = fs.readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  let raw = 0;
  let gz = 0;
  for (const src of scripts) {
    const buf = fs.readFileSync(path.join(dir, src.replace(/^\.?\//, '')));
    raw += buf.length;
    gz += zlib.gzipSync(buf, { level: 9 }).length;
  }
  console.log(`h5 main bundle (${scripts.length} scripts loaded by index.html): ${kb(raw)}, gzip ${kb(gz)}`);
}

const ok = weapp();
h5();
process.exit(ok ? 0 : 1);
