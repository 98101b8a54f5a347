import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { GuardianPledgeListItem } from '@anxin/shared';
import { HomeBody } from './index';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { guardianPledgesStore, pledgeTodos } from '../../state/guardian-pledges';
import { fakeApi, makeMe } from '../../../test/fake-api';
import { resetTaro } from '../../../test/stubs/taro';

const child = (id: string, name: string, classId = 'c1') => ({
  bindingId: `b-${id}`, studentId: id, studentName: name, schoolId: 'sch1', schoolName: '阳光实验小学', classId, className: '三年级1班', relation: 'mother' as const, status: 'approved' as const, rejectReason: null,
});
const item = (over: Partial<GuardianPledgeListItem>): GuardianPledgeListItem => ({
  pledgeId: 'p1', schoolYear: '2026-2027', schoolName: '阳光实验小学', student: { id: 's1', name: '王小明', className: '三年级1班' },
  deadline: '2026-09-30', versionNumber: 1, status: 'to_sign', studentPartRequired: true, ...over,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  guardianPledgesStore.set([]);
});

describe('pledge to-dos', () => {
  it('one per child not signed or asked to sign again, the earliest deadline first; signed ones are gone', () => {
    const todos = pledgeTodos([
      item({ student: { id: 's2', name: '王小红', className: '一年级2班' }, deadline: '2026-10-15' }),
      item({ status: 'signed', signatureId: 'sig', student: { id: 's3', name: '王小刚', className: '五年级1班' } }),
      item({ status: 'resign', versionNumber: 2, signatureId: 'old' }),
    ]);
    expect(todos.map((t) => [t.key, t.title, t.hint, t.resign])).toEqual([
      ['p1:s1', '承诺书已更新，请为王小明重新签署', '2026-2027 学年 · 三年级1班 · 截止 2026-09-30', true],
      ['p1:s2', '请为王小红签署防范校园欺凌承诺书', '2026-2027 学年 · 一年级2班 · 截止 2026-10-15', false],
    ]);
    expect(pledgeTodos([item({ status: 'signed', signatureId: 'sig' })])).toEqual([]);
  });

  it('首页 shows a to-do per child with its deadline, opening the signing page; gone once signed', async () => {
    let signed = false;
    const api = fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: { id: 'sch1', name: '阳光实验小学', contact: null, emergencyNumbers: [] } }),
      'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }),
      'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }),
      'GET /me/pledges': () => ({
        status: 200,
        body: { items: [item({ status: signed ? 'signed' : 'to_sign', ...(signed ? { signatureId: 'sig1' } : {}) }), item({ student: { id: 's2', name: '王小红', className: '一年级2班' } })] },
      }),
    });
    const me = makeMe({ students: [child('s1', '王小明'), child('s2', '王小红', 'c2')] });
    const { unmount } = render(<HomeBody me={me} />);
    const todo = await screen.findByText('请为王小明签署防范校园欺凌承诺书');
    expect(screen.getByText('请为王小红签署防范校园欺凌承诺书')).toBeTruthy();
    expect(screen.getAllByText('2026-2027 学年 · 三年级1班 · 截止 2026-09-30')).toHaveLength(1);
    fireEvent.click(todo);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/pledges/sign/index?id=p1&studentId=s1' });
    unmount();

    signed = true;
    render(<HomeBody me={me} />);
    await screen.findByText('请为王小红签署防范校园欺凌承诺书');
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText('请为王小明签署防范校园欺凌承诺书')).toBeNull();
    expect(api.callsTo('GET /me/pledges').length).toBeGreaterThanOrEqual(2);
  });

  it('a user without a bound child is not asked for pledges', async () => {
    const api = fakeApi({ 'GET /me/inbox/unread-count': () => ({ status: 200, body: { count: 0 } }), 'GET /me/notices': () => ({ status: 200, body: { items: [], total: 0, unread: 0 } }) });
    render(<HomeBody me={makeMe()} />);
    await screen.findByText('绑定孩子');
    expect(api.callsTo('GET /me/pledges')).toHaveLength(0);
    expect(document.querySelector('.pledge-todo')).toBeNull();
  });
});
