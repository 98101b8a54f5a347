import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareNames, compareNumberedNames } from '../src/name-order';

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
