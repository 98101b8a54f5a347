import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { extraTaro } from '../tips-test-support';

jest.mock('@tarojs/components', () => require('../tips-test-support').componentsWithTextarea());
const { TipFollowupBody } = require('./index') as typeof import('./index');

const THREAD = {
  status: 'acknowledged', statusLabel: '已受理', category: 'verbal', submittedAt: '2026-11-29T04:00:00.000Z',
  acknowledgedAt: '2026-11-29T05:00:00.000Z', closedAt: null,
  messages: [{ id: 'm1', from: 'school', body: '已收到，我们会尽快处理。', at: '2026-11-29T05:00:00.000Z' }],
  trail: [
    { kind: 'viewed', at: '2026-11-29T04:12:00.000Z', who: '欺凌防治负责人' },
    { kind: 'acknowledged', at: '2026-11-29T05:00:00.000Z', who: '欺凌防治负责人' },
  ],
};

beforeEach(() => {
  resetTaro();
  extraTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('session-token');
  routerParams.current = { schoolId: 'sch1' };
});

const receiptInput = () => document.querySelector('input.receipt-input') as HTMLInputElement;

describe('follow-up with the receipt', () => {
  it('checks the receipt on the device first', () => {
    const api = fakeApi({});
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234 5678' } });
    fireEvent.click(screen.getByText('查看'));
    expect(screen.getByText('回执码是 16 位数字，你输入了 8 位')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });

  it('a wrong receipt: the server’s Chinese message, and no re-login or retry (never sends the session)', async () => {
    const api = fakeApi({ 'POST /tips/followup': () => ({ status: 401, body: { code: 'TIP_RECEIPT_INVALID', message: '回执码不正确，请核对后再试' } }) });
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234 5678 1234 5678' } });
    fireEvent.click(screen.getByText('查看'));
    expect(await screen.findByText('回执码不正确，请核对后再试')).toBeTruthy();
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].body).toEqual({ schoolId: 'sch1', receipt: '1234567812345678' });
    expect(api.calls[0].auth).toBeUndefined();
    expect(api.callsTo('POST /auth/dev')).toHaveLength(0);
  });

  it('429: tells the reporter to wait', async () => {
    fakeApi({ 'POST /tips/followup': () => ({ status: 429, body: { code: 'RATE_LIMITED', message: '回执码错误次数过多，请 15 分钟后再试' } }) });
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234567812345678' } });
    fireEvent.click(screen.getByText('查看'));
    expect(await screen.findByText('回执码错误次数过多，请 15 分钟后再试')).toBeTruthy();
  });

  it('the right receipt: status in Chinese and the school’s messages; replies carry the follow-up token', async () => {
    const api = fakeApi({
      'POST /tips/followup': () => ({ status: 201, body: { token: 'fu-token-abcdefghijklmnopqrstuvwxyz', expiresAt: '2026-11-29T06:00:00.000Z' } }),
      'GET /tips/followup/thread': () => ({ status: 200, body: THREAD }),
      'POST /tips/followup/messages': (c) => ({ status: 201, body: { id: 'm2', from: 'reporter', body: c.body.body, at: '2026-11-29T06:00:00.000Z' } }),
    });
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234-5678-1234-5678' } });
    fireEvent.click(screen.getByText('查看'));
    expect(await screen.findByText('已受理')).toBeTruthy();
    expect(screen.getByText('学校已受理，正在安排处理。')).toBeTruthy();
    expect(screen.getByText('已收到，我们会尽快处理。')).toBeTruthy();
    expect(screen.getByText('类别：言语欺凌')).toBeTruthy();
    fireEvent.change(document.querySelector('textarea.reply-input')!, { target: { value: '谢谢老师' } });
    fireEvent.click(screen.getByText('发送'));
    expect(await screen.findByText('谢谢老师')).toBeTruthy();
    const taro = require('@tarojs/taro').default;
    const headers = taro.request.mock.calls.map((c: any[]) => c[0].header);
    expect(headers[1]).toEqual({ 'X-Followup-Token': 'fu-token-abcdefghijklmnopqrstuvwxyz' });
    expect(headers[2]).toEqual(expect.objectContaining({ 'X-Followup-Token': 'fu-token-abcdefghijklmnopqrstuvwxyz' }));
    expect(headers.every((h: any) => !h.Authorization)).toBe(true);
    expect(api.callsTo('POST /tips/followup/messages')[0].body).toEqual({ body: '谢谢老师' });
  });

  it('an expired token sends the reporter back to the receipt box with the reason', async () => {
    let threadCalls = 0;
    fakeApi({
      'POST /tips/followup': () => ({ status: 201, body: { token: 'fu-token-abcdefghijklmnopqrstuvwxyz', expiresAt: '2026-11-29T06:00:00.000Z' } }),
      'GET /tips/followup/thread': () => (++threadCalls === 1
        ? { status: 200, body: THREAD }
        : { status: 401, body: { code: 'TIP_FOLLOWUP_TOKEN_INVALID', message: '查看时间已到，请重新输入回执码' } }),
    });
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234567812345678' } });
    fireEvent.click(screen.getByText('查看'));
    await screen.findByText('已受理');
    fireEvent.click(screen.getByText('刷新'));
    expect(await screen.findByText('查看时间已到，请重新输入回执码')).toBeTruthy();
    await waitFor(() => expect(receiptInput()).toBeTruthy());
    expect(receiptInput().value).toBe('');
  });

  const openThread = async (thread: Record<string, unknown>) => {
    fakeApi({
      'POST /tips/followup': () => ({ status: 201, body: { token: 'fu-token-abcdefghijklmnopqrstuvwxyz', expiresAt: '2026-11-29T06:00:00.000Z' } }),
      'GET /tips/followup/thread': () => ({ status: 200, body: thread }),
    });
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234567812345678' } });
    fireEvent.click(screen.getByText('查看'));
  };

  it('a closed case shows the outcome the school chose to tell the reporter, and only that', async () => {
    await openThread({ ...THREAD, status: 'closed', statusLabel: '已结案', closedAt: '2026-12-05T02:00:00.000Z', reopenedAt: null, outcome: '学校已与相关同学谈话，并会持续关注。' });
    expect(await screen.findByText('学校告诉你的处理结果')).toBeTruthy();
    expect(screen.getByText('学校已与相关同学谈话，并会持续关注。')).toBeTruthy();
    expect(screen.getByText(/这件事学校已经处理完毕（已结案）/)).toBeTruthy();
  });

  it('a closed case without a shared outcome shows no outcome box', async () => {
    await openThread({ ...THREAD, status: 'closed', statusLabel: '已结案', closedAt: '2026-12-05T02:00:00.000Z', reopenedAt: null, outcome: null });
    expect(await screen.findByText(/这件事学校已经处理完毕（已结案）/)).toBeTruthy();
    expect(screen.queryByText('学校告诉你的处理结果')).toBeNull();
  });

  it('a reopened case tells the reporter the school is handling it again', async () => {
    await openThread({ ...THREAD, status: 'investigating', statusLabel: '调查中', closedAt: null, reopenedAt: '2026-12-06T02:00:00.000Z', outcome: null });
    expect(await screen.findByText('学校在 2026-12-06 10:00 重新打开了这件事，正在继续处理。')).toBeTruthy();
    expect(screen.queryByText('学校正在调查了解情况。')).toBeNull();
  });
});

describe('处理记录: who at the school opened the report, by role', () => {
  it('lists each step in Shanghai time from the server’s trail, and says so when nobody has opened it yet', async () => {
    let trail: unknown[] = THREAD.trail;
    fakeApi({
      'POST /tips/followup': () => ({ status: 201, body: { token: 'fu-token-abcdefghijklmnopqrstuvwxyz', expiresAt: '2026-11-29T06:00:00.000Z' } }),
      'GET /tips/followup/thread': () => ({ status: 200, body: { ...THREAD, trail } }),
    });
    render(<TipFollowupBody />);
    fireEvent.change(receiptInput(), { target: { value: '1234567812345678' } });
    fireEvent.click(screen.getByText('查看'));
    expect(await screen.findByText('欺凌防治负责人 于 11月29日 12:12 查看了你的举报')).toBeTruthy();
    expect(screen.getByText('欺凌防治负责人 于 11月29日 13:00 受理了你的举报')).toBeTruthy();
    trail = [];
    fireEvent.click(screen.getByText('刷新'));
    expect(await screen.findByText('还没有老师打开这份举报。')).toBeTruthy();
  });
});
