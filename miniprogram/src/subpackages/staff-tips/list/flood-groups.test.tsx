import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TipFlood } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { FloodGroups } from './flood-groups';

const flood = (openTipIds: string[]): TipFlood => ({
  id: 'f1', schoolId: 'sch1', startedAt: '2026-11-29T04:00:00.000Z', lastTipAt: '2026-11-29T04:10:00.000Z', tipCount: 3,
  title: '1小时内收到 3 条举报', openTipIds, tightenedUntil: '2026-11-29T06:10:00.000Z',
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('the flood group on the inbox', () => {
  it('shows the group and marks its open tips as 玩笑 in one batch after a confirmation', async () => {
    let changed = 0;
    const api = fakeApi({
      'GET /schools/sch1/tips/floods': () => ({ status: 200, body: [flood(['a', 'b', 'c'])] }),
      'POST /schools/sch1/tips/floods/f1/batch': () => ({ status: 200, body: { done: 3, skipped: 0 } }),
    });
    render(<FloodGroups schoolId='sch1' onChanged={() => changed++} />);
    expect(await screen.findByText('1小时内收到 3 条举报')).toBeTruthy();
    fireEvent.click(screen.getByText('标为玩笑'));
    await waitFor(() => expect(changed).toBe(1));
    expect(Taro.showModal).toHaveBeenCalled();
    expect(api.callsTo('POST /schools/sch1/tips/floods/f1/batch')[0].body).toEqual({ action: 'prank', tipIds: ['a', 'b', 'c'] });
  });

  it('合并为重复 merges the rest into the earliest tip of the group; a cancelled confirmation sends nothing', async () => {
    const api = fakeApi({
      'GET /schools/sch1/tips/floods': () => ({ status: 200, body: [flood(['a', 'b', 'c'])] }),
      'POST /schools/sch1/tips/floods/f1/batch': () => ({ status: 200, body: { done: 2, skipped: 0 } }),
    });
    render(<FloodGroups schoolId='sch1' onChanged={() => undefined} />);
    (Taro.showModal as any).mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true }));
    fireEvent.click(await screen.findByText('全部受理'));
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1));
    expect(api.callsTo('POST /schools/sch1/tips/floods/f1/batch')).toHaveLength(0);
    fireEvent.click(screen.getByText('合并为重复'));
    await waitFor(() => expect(api.callsTo('POST /schools/sch1/tips/floods/f1/batch')).toHaveLength(1));
    expect(api.callsTo('POST /schools/sch1/tips/floods/f1/batch')[0].body).toEqual({ action: 'duplicate', primaryTipId: 'a', tipIds: ['b', 'c'] });
  });

  it('shows nothing when there is no flood or the server refuses', async () => {
    fakeApi({ 'GET /schools/sch1/tips/floods': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '无权限' } }) });
    const { container } = render(<FloodGroups schoolId='sch1' onChanged={() => undefined} />);
    await waitFor(() => expect(container.textContent).toBe(''));
  });
});
