import { describe, expect, it } from '@jest/globals';
import type { PledgeSignedCopy } from '@anxin/shared';
import { COPY_WIDTH, fitSignature, layoutCopy, pngSize, wrapText, type DrawOp } from './copy-image';

/** A Chinese character as wide as the font is high, a Latin one half that (as a real font measures them). */
const measure = (text: string, font: string) => {
  const size = Number(/(\d+)px/.exec(font)![1]);
  return Array.from(text).reduce((w, ch) => w + (ch.charCodeAt(0) < 0x80 ? size / 2 : size), 0);
};

/** A PNG header (signature and IHDR) for a picture of w × h, as a data URL. */
function pngDataUrl(w: number, h: number): string {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return `data:image/png;base64,${b.toString('base64')}`;
}

const COPY: PledgeSignedCopy = {
  id: 'sig1', pledgeId: 'p1', schoolYear: '2026-2027', schoolName: '阳光实验小学',
  student: { id: 's1', name: '王小明', className: '三年级1班' }, versionNumber: 2,
  text: { school: '学校承诺。', guardian: '家长承诺一。\n\n家长承诺二。', student: '学生承诺。' },
  textHash: 'ab'.repeat(32), signedOn: '2026-09-03', superseded: false, relation: 'mother', relationLabel: '母亲',
  guardianSignature: pngDataUrl(640, 160), studentSignature: pngDataUrl(100, 100),
};
const texts = (ops: DrawOp[]) => ops.filter((o): o is Extract<DrawOp, { kind: 'text' }> => o.kind === 'text').map((o) => o.text);

describe('the signed copy as a picture', () => {
  it('wraps Chinese text at the width, keeping closing punctuation off the start of a line', () => {
    const font = '28px sans-serif';
    expect(wrapText('一二三四五六七', 28 * 3, font, measure)).toEqual(['一二三', '四五六', '七']);
    expect(wrapText('一二三，四五', 28 * 3, font, measure)).toEqual(['一二三，', '四五']);
    expect(wrapText('ab一二', 28 * 2, font, measure)).toEqual(['ab一', '二']);
    expect(wrapText('甲\n乙', 28 * 3, font, measure)).toEqual(['甲', '乙']);
    expect(wrapText('', 100, font, measure)).toEqual(['']);
  });

  it('reads a signature\'s size from its PNG header and fits it into the box, keeping its shape', () => {
    expect(pngSize(pngDataUrl(640, 160))).toEqual({ width: 640, height: 160 });
    expect(pngSize('data:image/png;base64,AAAA')).toBeNull();
    expect(fitSignature({ width: 640, height: 160 })).toEqual({ width: 320, height: 80 });
    expect(fitSignature({ width: 100, height: 100 })).toEqual({ width: 100, height: 100 });
    expect(fitSignature(null)).toEqual({ width: 320, height: 128 });
  });

  it('lays out the title, school, each part, both signatures, the child, the day, the version and the fingerprint', () => {
    const layout = layoutCopy(COPY, measure);
    expect(layout.width).toBe(COPY_WIDTH);
    const t = texts(layout.ops);
    expect(t.slice(0, 2)).toEqual(['2026-2027 学年防范校园欺凌承诺书', '阳光实验小学']);
    expect(t).toEqual(expect.arrayContaining([
      '学校承诺', '家长承诺', '学生承诺', '\u3000\u3000家长承诺一。', '\u3000\u3000家长承诺二。',
      '家长（母亲）签名：', '学生签名：', '学生：王小明（三年级1班）', '签署日期：2026-09-03', '承诺书版本：第 2 版',
    ]));
    // The whole fingerprint, in groups of eight.
    expect(t.join('').replace(/\s/g, '')).toContain('ab'.repeat(32));
    const images = layout.ops.filter((o) => o.kind === 'image');
    expect(images).toEqual([
      expect.objectContaining({ src: COPY.guardianSignature, width: 320, height: 80 }),
      expect.objectContaining({ src: COPY.studentSignature, width: 100, height: 100 }),
    ]);
    // Top to bottom, nothing outside the picture.
    const ys = layout.ops.filter((o) => o.kind !== 'rule').map((o) => (o as { y: number }).y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(Math.max(...ys)).toBeLessThan(layout.height);
    // No time of day anywhere: the copy keeps the day it was signed.
    expect(t.join('\n')).not.toMatch(/\d{1,2}:\d{2}/);
  });

  it('a longer text makes a taller picture; no child signature, no second image; an older version says so', () => {
    const short = layoutCopy(COPY, measure).height;
    const long = layoutCopy({ ...COPY, text: { ...COPY.text, school: '很长的一段承诺。'.repeat(60) }, studentSignature: null, superseded: true }, measure);
    expect(long.height).toBeGreaterThan(short);
    expect(long.ops.filter((o) => o.kind === 'image')).toHaveLength(1);
    expect(texts(long.ops)).toContain('承诺书版本：第 2 版（学校已发布更新的版本）');
    expect(texts(long.ops)).not.toContain('学生签名：');
  });
});
