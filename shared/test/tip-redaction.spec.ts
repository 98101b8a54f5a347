import { applyMasks, normalizeSpans, REDACTED_MARK, spansOf } from '../src';

describe('tip redaction spans', () => {
  it('orders, clamps and joins overlapping or touching spans', () => {
    expect(normalizeSpans([{ start: 5, end: 8 }, { start: 0, end: 2 }, { start: 7, end: 12 }, { start: 12, end: 13 }, { start: 20, end: 30 }, { start: 3, end: 3 }], 25))
      .toEqual([{ start: 0, end: 2 }, { start: 5, end: 13 }, { start: 20, end: 25 }]);
  });

  it('replaces each span with the mark and keeps the rest', () => {
    expect(applyMasks('同学张三打我，电话13812345678', [{ start: 9, end: 20 }, { start: 2, end: 4 }]))
      .toBe(`同学${REDACTED_MARK}打我，电话${REDACTED_MARK}`);
    expect(applyMasks('没有要隐去的', [])).toBe('没有要隐去的');
  });

  it('finds every occurrence of a phrase', () => {
    expect(spansOf('张三和李四，张三', '张三')).toEqual([{ start: 0, end: 2 }, { start: 6, end: 8 }]);
    expect(spansOf('abc', '')).toEqual([]);
  });
});
