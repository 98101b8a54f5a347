import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_CONSENT, TEMPLATE_DEFS } from './templates';

const SRC = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(path));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && path !== join(__dirname, 'templates.ts')) out.push(path);
  }
  return out;
}

/** The server's code without comments: a kind named only in a comment is not sent. */
const code = sources(SRC).map((f) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')).join('\n');

describe('template registry', () => {
  it('every message kind it defines is sent by some code (a kind nothing sends is dead)', () => {
    const unsent = TEMPLATE_DEFS.map((d) => d.kind).filter((kind) => !code.includes(`'${kind}'`));
    expect(unsent).toEqual([]);
  });

  it('consent is asked only for kinds it defines', () => {
    const kinds = new Set(TEMPLATE_DEFS.map((d) => d.kind));
    expect(Object.keys(TEMPLATE_CONSENT).filter((k) => !kinds.has(k))).toEqual([]);
  });
});
