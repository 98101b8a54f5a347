import { describe, expect, it } from '@jest/globals';
import { READ_SLACK_PX, reachedEnd } from './reading-gate';

describe('read to the end', () => {
  it('the marker after the last paragraph has come into the window', () => {
    expect(reachedEnd(2400, 800)).toBe(false);
    expect(reachedEnd(801, 800)).toBe(true);
    expect(reachedEnd(800 + READ_SLACK_PX, 800)).toBe(true);
    expect(reachedEnd(800 + READ_SLACK_PX + 1, 800)).toBe(false);
    expect(reachedEnd(300, 800)).toBe(true);
  });

  it('scrolled past it (the marker above the window) counts as read', () => {
    expect(reachedEnd(-500, 800)).toBe(true);
  });

  it('nothing measured yet is not read', () => {
    expect(reachedEnd(Number.NaN, 800)).toBe(false);
    expect(reachedEnd(100, 0)).toBe(false);
  });
});
