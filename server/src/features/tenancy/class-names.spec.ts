import { chineseNumber, gradeKey, gradeSort, normaliseGradeName, readGradeName, splitClassName, toChineseNumber } from './class-names';

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
    expect(normaliseGradeName('学前班')).toBe('学前班');
  });

  it('gives each school year one name: 七/八/九年级 are 初一–初三, 十–十二年级 are 高一–高三', () => {
    for (const [a, b] of [['七年级', '初一'], ['8年级', '初二'], ['九年级', '初三'], ['十年级', '高一'], ['11年级', '高二'], ['十二年级', '高三'],
      ['初中一年级', '初一'], ['高中三年级', '高三'], ['小学六年级', '六年级'], ['７年级', '初一']]) {
      expect(normaliseGradeName(a)).toBe(b);
      expect(gradeKey(a)).toBe(gradeKey(b));
    }
    expect(gradeKey('初一')).not.toBe(gradeKey('初二'));
    expect(gradeKey('学前班')).toBe('name:学前班');
    expect(readGradeName('初一')).toEqual({ kind: 'year', level: 7, name: '初一' });
  });

  it('refuses school years that do not exist', () => {
    for (const name of ['十三年级', '13年级', '高四', '零年级', '0年级', '初四', '初中四年级', '高中五年级', '小学七年级', '二十年级', '初0']) {
      const r = readGradeName(name);
      expect(r.kind).toBe('invalid');
      expect(r.kind === 'invalid' && r.problem).toMatch(/^没有“/);
    }
    expect(readGradeName('学前班').kind).toBe('other');
  });

  it('sorts grades', () => {
    expect([gradeSort('一年级'), gradeSort('3年级'), gradeSort('初一'), gradeSort('七年级'), gradeSort('高三'), gradeSort('学前班')]).toEqual([1, 3, 7, 7, 12, 0]);
  });

  it('splits class cells in the shapes schools write', () => {
    expect(splitClassName('三年级(1)班')).toEqual({ grade: '三年级', name: '1班' });
    expect(splitClassName('三年级（1）班')).toEqual({ grade: '三年级', name: '1班' });
    expect(splitClassName('3年级1班')).toEqual({ grade: '三年级', name: '1班' });
    expect(splitClassName('初一(2)班')).toEqual({ grade: '初一', name: '2班' });
    expect(splitClassName('七年级(2)班')).toEqual({ grade: '初一', name: '2班' });
    expect(splitClassName('十年级3班')).toEqual({ grade: '高一', name: '3班' });
    expect(splitClassName('高四(1)班')).toEqual({ grade: '高四', name: '1班' });
    expect(splitClassName('1班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('(1)班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('1')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('一班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('01班')).toEqual({ grade: null, name: '1班' });
    expect(splitClassName('火箭班')).toEqual({ grade: null, name: '火箭班' });
  });
});
