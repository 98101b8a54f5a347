import { describe, expect, it } from '@jest/globals';
import { segments, toggle } from './redaction-segments';

describe('脱敏 screen segments', () => {
  it('cuts the text at proposals and masks, joining overlaps into one unit', () => {
    const s = segments('同学张三和李四', [{ kind: 'name', start: 2, end: 4 }], [{ start: 3, end: 7 }]);
    expect(s.map((x) => [x.text, x.masked])).toEqual([['同学', false], ['张三和李四', true]]);
    expect(segments('没有', [], [])).toEqual([{ text: '没有', span: null, masked: false }]);
  });

  it('toggles a unit: hidden becomes shown and back', () => {
    const unit = { start: 2, end: 4 };
    const hidden = toggle([], unit);
    expect(hidden).toEqual([unit]);
    expect(toggle(hidden, unit)).toEqual([]);
    expect(toggle([{ start: 0, end: 1 }, { start: 3, end: 5 }], unit)).toEqual([{ start: 0, end: 1 }]);
  });
});
