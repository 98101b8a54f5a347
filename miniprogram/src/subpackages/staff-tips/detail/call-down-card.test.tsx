import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { CallDownState, TipDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { CallDownCard } from './call-down-card';

const tip = (over: Partial<TipDetail> = {}) => ({ id: 't1', status: 'new', isTest: false, can: { handle: true }, ...over }) as unknown as TipDetail;
const running: CallDownState = {
  tipId: 't1', status: 'running', reason: 'in_danger', startedAt: '2026-10-12T15:40:00.000Z', acknowledgedAt: null, acknowledgedVia: null, telephony: true,
  steps: [
    { at: '2026-10-12T15:40:00.000Z', channel: 'sms', personLabel: '欺凌防治负责人：张老师', phoneMasked: '138****0001', outcome: 'delivered' },
    { at: '2026-10-12T15:45:00.000Z', channel: 'voice', personLabel: '欺凌防治负责人：张老师', phoneMasked: '138****0001', outcome: 'no_answer' },
  ],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('紧急呼叫 on the case page', () => {
  it('lists each step in Shanghai time with the person, the masked phone, the channel and the outcome; no button while one runs', async () => {
    fakeApi({ 'GET /tips/t1/call-down': () => ({ status: 200, body: { callDown: running } }) });
    render(<CallDownCard tip={tip()} />);
    expect(await screen.findByText('正在依次呼叫')).toBeTruthy();
    expect(screen.getByText('原因：举报人现在有危险 · 开始于 2026-10-12 23:40')).toBeTruthy();
    expect(screen.getByText('2026-10-12 23:40 · 欺凌防治负责人：张老师 · 138****0001 · 短信 · 已送达')).toBeTruthy();
    expect(screen.getByText('2026-10-12 23:45 · 欺凌防治负责人：张老师 · 138****0001 · 语音电话 · 未接听')).toBeTruthy();
    expect(screen.queryByText('标记紧急')).toBeNull();
  });

  it('a handler marks a tip 紧急: POST, and the started call-down is shown', async () => {
    const api = fakeApi({
      'GET /tips/t1/call-down': () => ({ status: 200, body: { callDown: null } }),
      'POST /tips/t1/urgent': () => ({ status: 200, body: { callDown: { ...running, reason: 'marked', steps: running.steps.slice(0, 1) } } }),
    });
    render(<CallDownCard tip={tip()} />);
    fireEvent.click(await screen.findByText('标记紧急'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/urgent')).toHaveLength(1));
    expect(await screen.findByText(/^原因：老师标记为紧急/)).toBeTruthy();
    expect(screen.queryByText('标记紧急')).toBeNull();
  });

  it('shows the server’s 409 message beside the button', async () => {
    fakeApi({
      'GET /tips/t1/call-down': () => ({ status: 200, body: { callDown: null } }),
      'POST /tips/t1/urgent': () => ({ status: 409, body: { code: 'TIP_ALREADY_ACKNOWLEDGED', message: '这条举报已经受理，无需紧急呼叫' } }),
    });
    render(<CallDownCard tip={tip()} />);
    fireEvent.click(await screen.findByText('标记紧急'));
    expect(await screen.findByText('这条举报已经受理，无需紧急呼叫')).toBeTruthy();
  });

  it('offers nothing on an acknowledged tip without a call-down, nor to a reader who cannot handle it', async () => {
    const api = fakeApi({ 'GET /tips/t1/call-down': () => ({ status: 200, body: { callDown: null } }) });
    const { container, rerender } = render(<CallDownCard tip={tip({ status: 'acknowledged' } as any)} />);
    await waitFor(() => expect(api.callsTo('GET /tips/t1/call-down')).toHaveLength(1));
    expect(container.textContent).toBe('');
    rerender(<CallDownCard tip={tip({ can: { handle: false } } as any)} />);
    await waitFor(() => expect(api.callsTo('GET /tips/t1/call-down')).toHaveLength(2));
    expect(container.textContent).toBe('');
  });
});
