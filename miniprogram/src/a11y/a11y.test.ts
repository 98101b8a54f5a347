import { afterEach, describe, expect, it } from '@jest/globals';
import { a11y } from './index';

describe('a11y props per build', () => {
  afterEach(() => {
    process.env.TARO_ENV = 'h5';
  });

  it('weapp: WeChat reads aria-role, never role', () => {
    process.env.TARO_ENV = 'weapp';
    expect(a11y({ role: 'radio', checked: true, label: '言语欺凌' })).toEqual({ 'aria-role': 'radio', 'aria-checked': true, 'aria-label': '言语欺凌' });
  });

  it('h5: the web attribute role', () => {
    expect(a11y({ role: 'switch', checked: false })).toEqual({ role: 'switch', 'aria-checked': false });
  });

  it('leaves out what was not given', () => {
    expect(a11y({ role: 'button' })).toEqual({ role: 'button' });
  });
});
