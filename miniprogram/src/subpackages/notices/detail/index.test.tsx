import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import type { GuardianNoticeDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { NoticeDetailBody } from './index';

const NOTICE: GuardianNoticeDetail = {
  id: 'n1', kind: 'notice', title: '关于召开期中家长会的通知', schoolName: '阳光实验小学', status: 'published',
  body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '本周五下午三点开家长会，' }, { text: '请准时参加', bold: true }] }] },
  recall: null, confirmMode: 'confirm', question: { kind: 'single', prompt: '您是否参加？', options: ['参加', '不参加'] }, confirmDeadline: null,
  publishedAt: '2031-03-03T02:00:00.000Z', children: [{ studentId: 's1', name: '王小明', className: '三年级1班' }],
  receipt: { readOn: '2031-03-03', confirmedOn: null, signedOn: null, answeredOn: null, answer: null, acknowledgedOn: null, contentHash: 'h' },
  pending: ['answer', 'confirm'],
  correctionNote: null, correctionOf: null, corrected: false, correctedBy: null,
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('a notice, for a guardian', () => {
  it('opens it (recording the read), draws the body, and sends the answer with 确认收到 in one tap', async () => {
    const api = fakeApi({
      'GET /me/notices/n1': () => ({ status: 200, body: NOTICE }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
      'POST /notices/n1/ack': (c) => ({
        status: 200,
        body: { pending: [], receipt: { ...NOTICE.receipt, answeredOn: '2031-03-03', confirmedOn: '2031-03-03', acknowledgedOn: '2031-03-03', answer: c.body.answer } },
      }),
      'GET /wechat/templates': () => ({ status: 200, body: [{ kind: 'notice.published', templateId: 'tpl-notice', mode: 'one_time', description: '学校通知提醒' }] }),
      'GET /me/subscriptions': () => ({ status: 200, body: [{ kind: 'notice.published', templateId: 'tpl-notice', on: false, credits: 0, longTerm: false }] }),
    });
    render(<NoticeDetailBody id='n1' />);
    expect((await screen.findByText('请准时参加')).className).toBe('notice-span bold');
    expect(screen.getByText('关于：王小明（三年级1班）')).toBeTruthy();
    expect(screen.getByText('✓ 已阅读（2031-03-03）')).toBeTruthy();
    expect(screen.queryByText('下次通知提醒我')).toBeNull();
    // Without an answer nothing is sent.
    fireEvent.click(screen.getByText('提交回执并确认收到'));
    expect(await screen.findByText('请选择回执问题的答案')).toBeTruthy();
    expect(api.callsTo('POST /notices/n1/ack')).toHaveLength(0);
    fireEvent.click(screen.getByText('不参加'));
    fireEvent.click(screen.getByText('提交回执并确认收到'));
    expect(await screen.findByText('✓ 已确认收到（2031-03-03）')).toBeTruthy();
    expect(api.callsTo('POST /notices/n1/ack')[0].body).toEqual({ answer: { choices: [1] }, confirm: true });
    expect(screen.getByText('✓ 已回复（2031-03-03）：不参加')).toBeTruthy();
    expect(screen.queryByText('提交回执并确认收到')).toBeNull();
    // The answer carries the receipt only: the letter opened stays on the page.
    expect(screen.getByText('请准时参加')).toBeTruthy();
    // Right after confirming, the guardian is offered the next notice's WeChat alert (asked only when they tap it).
    expect(await screen.findByText('下次通知提醒我')).toBeTruthy();
    expect(screen.getByText('学校发通知时，微信默认不会提醒您，只能在「消息」里看到。')).toBeTruthy();
  });

  it('a recalled notice shows the school\'s reason instead of the content, and asks for nothing', async () => {
    fakeApi({
      'GET /me/notices/n1': () => ({
        status: 200,
        body: { ...NOTICE, status: 'recalled', body: null, question: null, pending: [], recall: { reason: '家长会改期，将另行通知', at: '2031-03-04T01:00:00.000Z' } },
      }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
    });
    render(<NoticeDetailBody id='n1' />);
    expect(await screen.findByText('学校已撤回这条通知')).toBeTruthy();
    expect(screen.getByText('撤回原因：家长会改期，将另行通知')).toBeTruthy();
    expect(screen.queryByText('请准时参加')).toBeNull();
    expect(screen.queryByText('回执')).toBeNull();
  });

  it('a refusal from the server is shown where the guardian is looking', async () => {
    fakeApi({
      'GET /me/notices/n1': () => ({ status: 200, body: { ...NOTICE, question: null, pending: ['confirm'] } }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
      'POST /notices/n1/ack': () => ({ status: 409, body: { code: 'NOTICE_CLOSED', message: '已过确认截止时间' } }),
    });
    render(<NoticeDetailBody id='n1' />);
    fireEvent.click(await screen.findByText('确认收到'));
    expect(await screen.findByText('已过确认截止时间')).toBeTruthy();
  });
});
