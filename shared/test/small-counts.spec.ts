import { countText, countValue, isSmallCount, shareText, suppressCount, suppressShare } from '../src/small-counts';

describe('small-count suppression', () => {
  it("sends 1 and 2 as '<3' to anyone but the school's case handlers", () => {
    expect([0, 1, 2, 3, 17].map((n) => suppressCount(n, false))).toEqual([0, '<3', '<3', 3, 17]);
    expect([0, 1, 2, 3, 17].map((n) => suppressCount(n, true))).toEqual([0, 1, 2, 3, 17]);
  });

  it('withholds a share whose part or whole is a small count', () => {
    expect(suppressShare(1, 2, true)).toBe(0.5);
    expect(suppressShare(1, 2, false)).toBeNull();
    expect(suppressShare(2, 10, false)).toBeNull();
    expect(suppressShare(3, 4, false)).toBe(0.75);
    expect(suppressShare(0, 4, false)).toBe(0);
    expect(suppressShare(0, 0, true)).toBeNull();
  });

  it('shows and draws a count the one way', () => {
    expect([12, 0, '<3' as const, null].map(countText)).toEqual(['12', '0', '<3', '—']);
    expect([12, 0, '<3' as const, undefined].map(countValue)).toEqual([12, 0, 2, 0]);
    expect(isSmallCount('<3')).toBe(true);
    expect(isSmallCount(2)).toBe(false);
    expect([0.834, 1, null].map(shareText)).toEqual(['83%', '100%', '—']);
  });
});
