import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIELD_LIMITS, INVITE_CODE_PATTERN, normalizeCode, PUBLIC_PHONE_PATTERN } from '../src/limits';

const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(entry.name)) out.push(path);
  }
  return out;
}

/** Text with the contents of string and template literals blanked, so digits in messages are not read as limits. */
function withoutStrings(text: string): string {
  return text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (m) => m[0] + ' '.repeat(m.length - 2) + m[0]);
}

/** Numbers written as literals, other than 0 and 1 (a lower bound of "may be empty" or "not empty" is no limit). */
function limitLiterals(code: string): string[] {
  return (code.match(/(?<![\w.$])\d[\d_]*(?![\w.])/g) ?? []).filter((n) => n !== '0' && n !== '1');
}

interface Finding { file: string; line: number; text: string }

function findings(files: string[], pattern: RegExp, argsOf: (m: RegExpExecArray) => string): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const code = withoutStrings(source);
    for (const m of code.matchAll(new RegExp(pattern.source, 'g'))) {
      if (limitLiterals(argsOf(m as RegExpExecArray)).length === 0) continue;
      const line = code.slice(0, m.index).split('\n').length;
      out.push({ file: relative(ROOT, file), line, text: source.split('\n')[line - 1].trim() });
    }
  }
  return out;
}

const show = (f: Finding[]) => f.map((x) => `${x.file}:${x.line}  ${x.text}`).join('\n');

describe('field limits are named shared constants, never numbers written in a DTO or an input', () => {
  const dtoFiles = filesUnder(join(ROOT, 'server', 'src'), (n) => n.endsWith('.dto.ts'));
  const appFiles = filesUnder(join(ROOT, 'miniprogram', 'src'), (n) => /\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n));

  it('finds the files it checks', () => {
    expect(dtoFiles.length).toBeGreaterThan(5);
    expect(appFiles.length).toBeGreaterThan(20);
  });

  it('no server DTO states a length or a count as a number: it names the shared limit', () => {
    const decorators = findings(dtoFiles, /@(?:Length|MinLength|MaxLength|ArrayMinSize|ArrayMaxSize)\(([^)]*)\)/, (m) => m[1]);
    const openapi = findings(dtoFiles, /\b(?:minLength|maxLength|minItems|maxItems)\s*:\s*([^,}]*)/, (m) => m[1]);
    expect(show([...decorators, ...openapi])).toBe('');
  });

  it('no app input caps its length with a number: it uses the limit the server enforces', () => {
    expect(show(findings(appFiles, /\bmaxlength=\{([^}]*)\}/, (m) => m[1]))).toBe('');
  });

  it('the scan catches what it is meant to', () => {
    const sample = join(__dirname, 'fixtures', 'literal-limits.dto.ts.txt');
    const found = findings([sample], /@(?:Length|MinLength|MaxLength|ArrayMinSize|ArrayMaxSize)\(([^)]*)\)/, (m) => m[1]);
    expect(found.map((f) => f.line)).toEqual([3, 4]);
  });
});

describe('formats that go with the limits', () => {
  it('a public phone number: a mobile or a landline, at most publicPhoneMax long', () => {
    expect(PUBLIC_PHONE_PATTERN.test('13800138000')).toBe(true);
    expect(PUBLIC_PHONE_PATTERN.test('010-62345678')).toBe(true);
    const longest = '+1' + '2'.repeat(FIELD_LIMITS.publicPhoneMax - 2);
    expect(longest).toHaveLength(FIELD_LIMITS.publicPhoneMax);
    expect(PUBLIC_PHONE_PATTERN.test(longest)).toBe(true);
    expect(PUBLIC_PHONE_PATTERN.test(longest + '3')).toBe(false);
    expect(PUBLIC_PHONE_PATTERN.test('12345')).toBe(false);
  });

  it('an invite code as typed and as stored', () => {
    expect(normalizeCode(' demo-3a 01 ')).toBe('DEMO3A01');
    expect(INVITE_CODE_PATTERN.test('DEMO3A01')).toBe(true);
    expect(INVITE_CODE_PATTERN.test('A'.repeat(FIELD_LIMITS.inviteCodeMax))).toBe(true);
    expect(INVITE_CODE_PATTERN.test('A'.repeat(FIELD_LIMITS.inviteCodeMax + 1))).toBe(false);
    expect(INVITE_CODE_PATTERN.test('A'.repeat(FIELD_LIMITS.inviteCodeMin - 1))).toBe(false);
    expect(INVITE_CODE_PATTERN.test('demo3a01')).toBe(false);
    expect(FIELD_LIMITS.inviteCodeTypedMax).toBeGreaterThan(FIELD_LIMITS.inviteCodeMax);
  });
});
