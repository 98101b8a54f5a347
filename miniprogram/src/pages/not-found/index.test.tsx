import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { NotFoundBody } from './index';

describe('not-found page', () => {
  it('says the page does not exist, offers 我现在有危险, and 返回首页 opens the home tab', () => {
    const switchTab = jest.spyOn(Taro, 'switchTab');
    render(<NotFoundBody />);
    expect(screen.getByText('页面不存在')).toBeTruthy();
    expect(screen.getByText('我现在有危险')).toBeTruthy();
    fireEvent.click(screen.getByText('返回首页'));
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });
});
