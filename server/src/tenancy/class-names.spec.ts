import { chineseNumber, gradeSort, normaliseGradeName, splitClassName, toChineseNumber } from './class-names';

describe('class names', () => {
  it('reads and writes Chinese numbers', () => {
    expect([chineseNumber('三'), chineseNumber('十'), chineseNumber('十二'), chineseNumber('二十'), chineseNumber('3')]).toEqual([3, 10, 12, 20, 3]);
    expect(chineseNumber('火箭')).toBeNull();
    expect([toChineseNumber(3), toChineseNumber(10), toChineseNumber(12)]).toEqual(['三', '十', '十二']);
  });

  it('normalises grade names', () => {
    expect(normaliseGradeName('3年级')).toBe('三年级');
    expect(normaliseGradeName(' 三年级 ')).toBe('三年级');
    expect(normaliseGradeName('３')).toBe('三年级');
    expect(normaliseGradeName('初一')).toBe('初一');
    expect(normaliseGradeName('七年级')).toBe('七年级');
  });

  it('sorts grades', () => {
    expect([gradeSort('一年级'), gradeSort('3年级'), gradeSort('初一'), gradeSort('高三'), gradeSort('学前班')]).toEqual([1, 3, 7, 12, 0]);
  });

  it('splits class cells in the shapes schools write', () => {
    expect(splitClassName('三年级(1)班')).toEqual({ grade: '三年级', name: '1班' });
    expect(splitClassName('三年级（1）班')).toEqual({ grade: '三年级', name: '1班' });
    expect(splitClassName('3年级1班')).toEqual({ grade: '三年级', name: '1班' });
    expect(splitClassName('初一(2)班')).toEqual({ grade: '初一', name: '2班' });
    expect(splitClassName('1班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('(1)班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('1')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('一班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('01班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('火箭班')).toEqual({ grade: null, name: '火箭班' });
  });
});
