import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { GuardianNoticeDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { NoticeDetailBody } from './index';

const ORIGINAL: GuardianNoticeDetail = {
  id: 'n1', kind: 'letter', title: '期中家长会通知', schoolName: '阳光实验小学', status: 'published',
  body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '本周五下午三点开家长会。' }] }] },
  recall: null, confirmMode: 'sign', question: null, confirmDeadline: null, publishedAt: '2031-03-03T02:00:00.000Z',
  children: [{ studentId: 's1', name: '王小明', className: '三年级1班' }],
  receipt: { readOn: '2031-03-03', confirmedOn: null, signedOn: '2031-03-03', answeredOn: null, answer: null, acknowledgedOn: '2031-03-03', contentHash: 'h1' },
  pending: [], correctionNote: null, correctionOf: null, corrected: true, correctedBy: 'n2',
};
const CORRECTION: GuardianNoticeDetail = {
  ...ORIGINAL, id: 'n2', title: '【更正】期中家长会通知',
  body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '家长会改在本周六上午九点。' }] }] },
  receipt: { readOn: '2031-03-04', confirmedOn: null, signedOn: null, answeredOn: null, answer: null, acknowledgedOn: null, contentHash: 'h2' },
  confirmMode: 'confirm', pending: ['confirm'], correctionNote: '家长会由周五下午改为周六上午九点', correctionOf: 'n1', corrected: false, correctedBy: null,
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('corrections, for a guardian', () => {
  it('a corrected notice keeps its content and the receipt on record, asks for nothing and opens the correction', async () => {
    fakeApi({
      'GET /me/notices/n1': () => ({ status: 200, body: ORIGINAL }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
    });
    render(<NoticeDetailBody id='n1' />);
    expect(await screen.findByText('学校已更正这条通知')).toBeTruthy();
    expect(screen.getByText('请以更正后的通知为准，并在那里重新确认。您在这里留下的回执仍然保留。')).toBeTruthy();
    expect(screen.getByText('本周五下午三点开家长会。')).toBeTruthy();
    expect(screen.getByText('✓ 已签字（2031-03-03）')).toBeTruthy();
    expect(screen.queryByText('提交签字')).toBeNull();
    fireEvent.click(screen.getByText('查看更正后的通知'));
    expect((Taro.navigateTo as any).mock.calls[0][0]).toEqual({ url: '/subpackages/notices/detail/index?id=n2' });
  });

  it('while the correction is still on its way, the guardian is told so', async () => {
    fakeApi({
      'GET /me/notices/n1': () => ({ status: 200, body: { ...ORIGINAL, correctedBy: null } }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
    });
    render(<NoticeDetailBody id='n1' />);
    expect(await screen.findByText('更正后的通知正在发送，请稍后在通知列表里查看。')).toBeTruthy();
    expect(screen.queryByText('查看更正后的通知')).toBeNull();
  });

  it('a correction shows the note of what changed above the text, asks to confirm again, and opens the original', async () => {
    fakeApi({
      'GET /me/notices/n2': () => ({ status: 200, body: CORRECTION }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
    });
    render(<NoticeDetailBody id='n2' />);
    expect(await screen.findByText('更正说明：家长会由周五下午改为周六上午九点')).toBeTruthy();
    expect(screen.getByText('更正')).toBeTruthy();
    expect(screen.getByText('确认收到')).toBeTruthy();
    fireEvent.click(screen.getByText('查看原通知'));
    expect((Taro.navigateTo as any).mock.calls[0][0]).toEqual({ url: '/subpackages/notices/detail/index?id=n1' });
  });
});
