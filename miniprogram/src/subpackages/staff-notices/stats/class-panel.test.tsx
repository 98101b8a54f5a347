import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import Taro from '@tarojs/taro';
import { ClassPanel } from './class-panel';

const entry = (name: string, relationLabel: string, readOn: string | null) => ({
  receiptId: `r-${name}`, studentId: `s-${name}`, studentName: name, relation: 'mother', relationLabel, readOn, delivered: !!readOn,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('a class of a notice, for staff', () => {
  it('lists who has not signed by child and relation, reminds them once, and says when the class may be reminded again', async () => {
    let reminded: string | null = null;
    const api = fakeApi({
      'GET /notices/n1/classes/c1/pending': () => ({
        status: 200,
        body: {
          classId: 'c1', className: '三年级1班', entries: [entry('李雨涵', '父亲', null), entry('张子轩', '母亲', '2031-03-03')],
          lastRemindedAt: reminded, nextRemindAt: reminded ? '2031-03-03T14:00:00.000Z' : null,
        },
      }),
      'GET /notices/n1/classes/c1/receipts': () => ({
        status: 200,
        body: {
          classId: 'c1', className: '三年级1班',
          entries: [{
            receiptId: 'r-w', studentId: 's-w', studentName: '王小明', relation: 'mother', relationLabel: '母亲', delivered: true, readOn: '2031-03-03',
            confirmedOn: null, signedOn: '2031-03-03', answeredOn: '2031-03-03', answer: '参加', acknowledged: true, hasSignature: true,
          }],
        },
      }),
      'POST /notices/n1/classes/c1/remind': () => {
        if (reminded) return { status: 429, body: { code: 'NOTICE_REMIND_TOO_SOON', message: '12 小时内已提醒过', details: { nextRemindAt: '2031-03-03T14:00:00.000Z' } } };
        reminded = '2031-03-03T02:00:00.000Z';
        return { status: 200, body: { reminded: 2, nextRemindAt: '2031-03-03T14:00:00.000Z' } };
      },
    });
    const onChanged = jest.fn();
    render(<ClassPanel noticeId='n1' classId='c1' confirmMode='sign' canRemind onChanged={onChanged} />);
    expect(await screen.findByText('还没有签字的家长（2）')).toBeTruthy();
    expect(screen.getByText('李雨涵的父亲')).toBeTruthy();
    expect(screen.getByText('未读，微信消息还未送达')).toBeTruthy();
    expect(screen.getByText('已读（2031-03-03），未签字')).toBeTruthy();
    expect(screen.getByText('王小明的母亲 · 已完成')).toBeTruthy();
    expect(screen.getByText('阅读 2031-03-03 · 签字 2031-03-03 · 回执：参加')).toBeTruthy();

    fireEvent.click(screen.getByText('一键提醒这 2 位家长'));
    expect(await screen.findByText('已提醒 2 位家长。')).toBeTruthy();
    expect(onChanged).toHaveBeenCalled();
    // The 12 hours, said plainly, and the button off until then.
    expect(await screen.findByText('每个班 12 小时内只能提醒一次。上次提醒：2031-03-03 10:00，2031-03-03 22:00 后可再次提醒。')).toBeTruthy();
    expect((screen.getByText('一键提醒这 2 位家长') as HTMLButtonElement).disabled).toBe(true);
    expect(api.callsTo('POST /notices/n1/classes/c1/remind')).toHaveLength(1);
  });

  it('a refusal within 12 hours (another teacher reminded first) says when the next reminder may go', async () => {
    fakeApi({
      'GET /notices/n1/classes/c1/pending': () => ({ status: 200, body: { classId: 'c1', className: '三年级1班', entries: [entry('李雨涵', '父亲', null)], lastRemindedAt: null, nextRemindAt: null } }),
      'GET /notices/n1/classes/c1/receipts': () => ({ status: 200, body: { classId: 'c1', className: '三年级1班', entries: [] } }),
      'POST /notices/n1/classes/c1/remind': () => ({ status: 429, body: { code: 'NOTICE_REMIND_TOO_SOON', message: '这个班 12 小时内已经提醒过', details: { nextRemindAt: '2031-03-03T14:00:00.000Z' } } }),
    });
    render(<ClassPanel noticeId='n1' classId='c1' confirmMode='confirm' canRemind onChanged={() => undefined} />);
    fireEvent.click(await screen.findByText('一键提醒这 1 位家长'));
    expect(await screen.findByText('这个班 12 小时内已经提醒过（2031-03-03 22:00 后可再次提醒）')).toBeTruthy();
  });
  it('证明 on a receipt opens its proof page', async () => {
    fakeApi({
      'GET /notices/n1/classes/c1/pending': () => ({ status: 200, body: { classId: 'c1', className: '三年级1班', entries: [], lastRemindedAt: null, nextRemindAt: null } }),
      'GET /notices/n1/classes/c1/receipts': () => ({
        status: 200,
        body: {
          classId: 'c1', className: '三年级1班',
          entries: [{
            receiptId: 'r-w', studentId: 's-w', studentName: '王小明', relation: 'mother', relationLabel: '母亲', delivered: true, readOn: '2031-03-03',
            confirmedOn: '2031-03-03', signedOn: null, answeredOn: null, answer: null, acknowledged: true, hasSignature: false,
          }],
        },
      }),
    });
    render(<ClassPanel noticeId='n1' classId='c1' confirmMode='confirm' canRemind onChanged={() => undefined} />);
    fireEvent.click(await screen.findByText('证明'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-notices/proof/index?id=n1&receipt=r-w' });
  });
});
