#!/usr/bin/env node
/**
 * Source the repository would lose: a file under a package's src/ or test/ folder, or a doc, that a .gitignore rule
 * hides from git. Such a file works on the machine that wrote it and is missing from every clone (a page directory
 * named `data/` was once ignored by a rule meant for the SQLite folder). Exits 1 listing them; outside a git checkout
 * there is nothing to compare, and it says so.
 */
const { spawnSync } = require('node:child_process');

const r = spawnSync('git', ['ls-files', '--others', '--ignored', '--exclude-standard'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (r.status !== 0) {
  process.stdout.write('not a git checkout: no ignored source to look for\n');
  process.exit(0);
}
const GENERATED = /(^|\/)(node_modules|dist|coverage|artifacts|\.swc)\/|^((server|test)\/)?data\//;
const SOURCE = /^(shared|server|miniprogram|test|docs|scripts)\/.*\.(ts|tsx|js|cjs|mjs|json|css|scss|md|html|ttf|png|svg)$/;
const lost = r.stdout.split('\n').filter((f) => f && !GENERATED.test(f) && SOURCE.test(f));
if (lost.length) {
  process.stdout.write(`${lost.length} source file(s) ignored by git, missing from every clone:\n${lost.map((f) => `  ${f}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('no source file is ignored by git\n');
