import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { RulesBody } from './index';

const officer = makeMe({ id: 'u-d', roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '示范区', classIds: [] }] as never });
const DEFAULTS = { tipContentYears: 3, unansweredThreadYears: 1, receiptYears: 2, logDays: 180, isDefault: true, updatedAt: null };

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

const input = (key: string) => document.querySelector(`input.retention-${key}`) as HTMLInputElement;

describe('数据保留期限 (district officer)', () => {
  it('shows the defaults; refuses a period below the floor before sending; saves a longer one', async () => {
    const api = fakeApi({
      'GET /districts/d1/retention-rules': () => ({ status: 200, body: DEFAULTS }),
      'PUT /districts/d1/retention-rules': (c) => ({ status: 200, body: { ...c.body, isDefault: false, updatedAt: '2026-12-01T02:00:00.000Z' } }),
    });
    render(<RulesBody me={officer} />);
    expect(await screen.findByText('当前为默认期限')).toBeTruthy();
    expect(input('tipContentYears').value).toBe('3');
    fireEvent.change(input('tipContentYears'), { target: { value: '2' } });
    fireEvent.click(screen.getByText('保存'));
    expect(screen.getByText('结案后举报内容和照片保留：请填写 3 到 30 年之间的整数')).toBeTruthy();
    expect(api.callsTo('PUT /districts/d1/retention-rules')).toHaveLength(0);
    fireEvent.change(input('tipContentYears'), { target: { value: '5' } });
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(api.callsTo('PUT /districts/d1/retention-rules')).toHaveLength(1));
    expect(api.callsTo('PUT /districts/d1/retention-rules')[0].body).toEqual({ tipContentYears: 5, unansweredThreadYears: 1, receiptYears: 2, logDays: 180 });
    expect(await screen.findByText('上次修改：2026-12-01 10:00')).toBeTruthy();
  });

  it('shows the server’s refusal', async () => {
    fakeApi({
      'GET /districts/d1/retention-rules': () => ({ status: 200, body: DEFAULTS }),
      'PUT /districts/d1/retention-rules': () => ({ status: 400, body: { code: 'VALIDATION_FAILED', message: '未获回复的留言的保留期限不能长于举报内容的保留期限' } }),
    });
    render(<RulesBody me={officer} />);
    await screen.findByText('当前为默认期限');
    fireEvent.change(input('unansweredThreadYears'), { target: { value: '4' } });
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('未获回复的留言的保留期限不能长于举报内容的保留期限')).toBeTruthy();
  });
});
