import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { extraTaro } from '../tips-test-support';
import { handOverReceipt, takeReceipt } from '../receipt';
import { TipReceiptBody } from './index';

let t: ReturnType<typeof extraTaro>;
beforeEach(() => {
  resetTaro();
  t = extraTaro();
  routerParams.current = { schoolId: 'sch1' };
  takeReceipt();
});

describe('receipt page', () => {
  it('shows the receipt large, grouped in fours, with a copy button and the advice; only once', async () => {
    handOverReceipt({ receipt: '6300844908870551', status: 'new', submittedAt: '2026-11-29T04:00:00.000Z', replayed: false, schoolId: 'sch1' });
    const { unmount } = render(<TipReceiptBody />);
    expect(screen.getByText('6300 8449 0887 0551')).toBeTruthy();
    expect(screen.getByText('· 截图或抄下来，放在只有你知道的地方。')).toBeTruthy();
    expect(screen.getByText('· 回执码只显示这一次，丢失后无法找回（学校和我们都查不到）。')).toBeTruthy();
    expect(screen.getByText(/学校会在这里回复你/)).toBeTruthy();
    Taro.setStorageSync('taro_clipboard', '6300844908870551'); // what Taro h5 keeps after a copy
    fireEvent.click(screen.getByText('复制回执码'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已复制回执码' })));
    expect(t.setClipboardData).toHaveBeenCalledWith({ data: '6300844908870551' });
    expect(Taro.getStorageSync('taro_clipboard')).toBe('');
    unmount();

    render(<TipReceiptBody />);
    expect(screen.getByText('回执码只显示一次')).toBeTruthy();
    expect(screen.queryByText('6300 8449 0887 0551')).toBeNull();
  });

  it('a retry answered with the same receipt says no second tip was made', () => {
    handOverReceipt({ receipt: '1111222233334444', status: 'new', submittedAt: '2026-11-29T04:00:00.000Z', replayed: true, schoolId: 'sch1' });
    render(<TipReceiptBody />);
    expect(screen.getByText('这是你刚才提交的那一份，没有重复提交。')).toBeTruthy();
  });
});
