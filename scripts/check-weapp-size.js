#!/usr/bin/env node
/**
 * Size gate for the mini-program (run after `npm run build:weapp`; `npm run build:h5` for the h5 figures).
 * - weapp main package: every file under miniprogram/dist/weapp except the subpackage roots declared in
 *   app.json. WeChat refuses a main package above 2 MB; we fail above 1.5 MB to keep room.
 * - h5: the scripts index.html loads at start (the "main bundle"), raw and gzip. Reported, not gated.
 * - weapp accessibility: the WXML templates of `view` and `text` carry `aria-role` and `aria-label` (Taro drops
 *   attributes its templates do not list; `miniprogram/config/wxml-aria-plugin.js` adds them).
 * - weapp preload: app.json's preloadRule fetches the tip form's subpackage from 首页 and from the tip box entry.
 * Exit 1 when the weapp build is missing, too big, or fails either check.
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

/**
 * Every full `<view …>` template in base.wxml (the one a node with attributes renders through; Taro's pared-down
 * templates for a bare or tap-only view carry no attributes at all) and every `<text …>` template binds aria-role
 * and aria-label to the node's data.
 */
function weappAria() {
  const wxml = fs.readFileSync(path.join(root, 'weapp', 'base.wxml'), 'utf8');
  let ok = true;
  for (const tag of ['view', 'text']) {
    const templates = [...wxml.matchAll(new RegExp(`<${tag}\\s[^>]*>`, 'g'))]
      .map((m) => m[0])
      .filter((t) => tag !== 'view' || t.includes(' hover-class='));
    const missing = templates.filter((t) => !/\saria-role="\{\{i\.p\d+\}\}"/.test(t) || !/\saria-label="\{\{i\.p\d+\}\}"/.test(t));
    const good = templates.length > 0 && missing.length === 0;
    console.log(`weapp <${tag}> templates with aria-role and aria-label: ${templates.length - missing.length}/${templates.length} — ${good ? 'OK' : 'MISSING'}`);
    ok = ok && good;
  }
  return ok;
}

/** The tip form's subpackage is preloaded from the pages a child in danger starts on. */
function weappPreload() {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'weapp', 'app.json'), 'utf8'));
  const roots = [...(app.subPackages || []), ...(app.subpackages || [])].map((s) => s.root.replace(/\/+$/, ''));
  let ok = roots.includes('subpackages/tips');
  for (const page of ['pages/index/index', 'pages/tips/index']) {
    const rule = (app.preloadRule || {})[page];
    const good = !!rule && (rule.packages || []).includes('subpackages/tips') && rule.network === 'all';
    console.log(`weapp preloadRule ${page} → subpackages/tips: ${good ? 'OK' : 'MISSING'}`);
    ok = ok && good;
  }
  return ok;
}

const ok = weapp() && weappAria() && weappPreload();
h5();
process.exit(ok ? 0 : 1);
