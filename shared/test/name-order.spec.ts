import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareNames, compareNumbered, compareNumberedNames, numberedName } from '../src/name-order';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.(spec|test)\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('the order of names', () => {
  it('Chinese names by pinyin; numbers inside class names in numeric order', () => {
    expect(['王小明', '陈思', '李华', '艾米'].sort(compareNames)).toEqual(['艾米', '陈思', '李华', '王小明']);
    expect(['10班', '2班', '1班'].sort(compareNumberedNames)).toEqual(['1班', '2班', '10班']);
    expect(['10班', '2班'].sort(compareNames)).toEqual(['10班', '2班']);
  });

  it('class names that are a number and a suffix sort as the numeric collator sorts them', () => {
    const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });
    const suffixes = ['班', '', '班（实验）', 'A', ' 班'];
    const names: string[] = [];
    for (let i = 0; i < 400; i++) names.push(`${i % 7 === 0 ? '0' : ''}${(i * 7919) % 1200}${suffixes[i % suffixes.length]}`);
    names.push('一班', '二班', '班', '10', '9', '0班', '00班', '1000000000班');
    const differ: string[] = [];
    for (const a of names) for (const b of names) if (Math.sign(compareNumberedNames(a, b)) !== Math.sign(collator.compare(a, b))) differ.push(`${a} / ${b}`);
    expect(differ).toEqual([]);
    // Read once and sorted: the same order.
    const sorted = [...names].sort(compareNumberedNames);
    expect(names.map(numberedName).sort(compareNumbered).map((n) => n.name)).toEqual(sorted);
  });

  it('is the one owner: no source compares with a locale of its own (each such call builds a collator)', () => {
    const found: string[] = [];
    for (const dir of ['server/src', 'miniprogram/src', 'shared/src']) {
      for (const file of sources(join(ROOT, dir))) {
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (/localeCompare\([^)]*,\s*['"`]zh/.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(found).toEqual([]);
  });
});
