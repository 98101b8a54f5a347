import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/notice-body';
import { isSchoolYear, schoolYearLabel } from '../src/api/pledges';
import {
  normalizePledgeText, paragraphDiff, pledgeParagraphs, pledgeTextDiff, pledgeTextForGrade, pledgeTextHash, sha256Hex, utf8Bytes,
} from '../src/pledge-text';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it.each([
    '', 'abc', '防范校园欺凌承诺书', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000), '😀 emoji \u{20BB7}', 'lone \ud800 surrogate',
  ])('matches node:crypto for %j', (s) => {
    expect(sha256Hex(s)).toBe(nodeSha(s));
    expect(Buffer.from(utf8Bytes(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);
  });
  it('knows the standard vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('pledgeTextHash', () => {
  const text = { school: '学校承诺\r\n\r\n第二段 ', guardian: '家长', student: '学生', studentYoung: '' };
  it('hashes the normalized canonical JSON', () => {
    expect(normalizePledgeText(text)).toEqual({ school: '学校承诺\n\n第二段', guardian: '家长', student: '学生' });
    expect(pledgeTextHash(text)).toBe(nodeSha(canonicalJson({ guardian: '家长', school: '学校承诺\n\n第二段', student: '学生' })));
  });
  it('changes with any part', () => {
    expect(pledgeTextHash({ ...text, studentYoung: '小' })).not.toBe(pledgeTextHash(text));
    expect(pledgeTextHash({ ...text, guardian: '家长。' })).not.toBe(pledgeTextHash(text));
  });
});

describe('parts and diff', () => {
  const v1 = { school: 'A\n\nB', guardian: 'C', student: 'D\n\nE', studentYoung: 'Y' };
  it('chooses the young student part for grades 1–3 only', () => {
    expect(pledgeTextForGrade(v1, 2).student).toBe('Y');
    expect(pledgeTextForGrade(v1, 4).student).toBe('D\n\nE');
    expect(pledgeTextForGrade({ ...v1, studentYoung: undefined }, 1).student).toBe('D\n\nE');
  });
  it('splits paragraphs at blank lines', () => {
    expect(pledgeParagraphs(' a \n\n\n b\nc \r\n\u3000\r\nd')).toEqual(['a', 'b\nc', 'd']);
  });
  it('diffs paragraphs', () => {
    expect(paragraphDiff(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { op: 'same', text: 'a' }, { op: 'removed', text: 'b' }, { op: 'added', text: 'x' }, { op: 'same', text: 'c' }, { op: 'added', text: 'd' },
    ]);
    expect(paragraphDiff([], ['a'])).toEqual([{ op: 'added', text: 'a' }]);
    expect(pledgeTextDiff(v1, { ...v1, guardian: 'C\n\nC2' }, 5).map((e) => e.op)).toEqual(['same', 'same', 'same', 'added', 'same', 'same']);
  });
});

describe('school years', () => {
  it('reads and derives them', () => {
    expect(isSchoolYear('2026-2027')).toBe(true);
    expect(isSchoolYear('2026-2028')).toBe(false);
    expect(schoolYearLabel('2026-09-01')).toBe('2026-2027');
    expect(schoolYearLabel('2027-07-31')).toBe('2026-2027');
    expect(schoolYearLabel('2027-08-01')).toBe('2027-2028');
  });
});
