import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { StaffInvitesBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const classes = [
  { id: 'c1', schoolId: 'sch1', gradeId: 'g3', gradeName: '三年级', name: '1班' },
  { id: 'c2', schoolId: 'sch1', gradeId: 'g3', gradeName: '三年级', name: '2班' },
];
const staff = [{ id: 'r1', userId: 'u1', userName: '何老师', role: 'admin', schoolId: 'sch1', districtId: null, classIds: [], createdAt: '2026-11-01T00:00:00.000Z' }];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('staff invitations', () => {
  it('an administrator invites a teacher for chosen classes and sees the code once, with its QR code', async () => {
    const api = fakeApi({
      'GET /schools/sch1/classes': () => ({ status: 200, body: classes }),
      'GET /schools/sch1/staff': () => ({ status: 200, body: staff }),
      'POST /schools/sch1/staff-invites': (c) => ({
        status: 201,
        body: { id: 'i1', schoolId: 'sch1', role: c.body.role, classIds: c.body.classIds ?? [], code: 'ABCD2345EFGH', qrPayload: 'anxin://invite?code=ABCD2345EFGH', qrDataUrl: 'data:image/png;base64,AAAA', expiresAt: '2026-12-08T04:00:00.000Z', createdAt: '2026-12-01T04:00:00.000Z' },
      }),
    });
    render(<StaffInvitesBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('何老师')).toBeTruthy();
    // an administrator may not invite committee members (the principal's to give)
    expect(screen.queryByText('欺凌处置委员会成员')).toBeNull();
    fireEvent.click(await screen.findByText('三年级2班'));
    fireEvent.click(screen.getByText('生成邀请码'));
    expect(await screen.findByText('ABCD-2345-EFGH')).toBeTruthy();
    expect(api.callsTo('POST /schools/sch1/staff-invites')[0].body).toEqual({ role: 'teacher', classIds: ['c2'] });
    expect(screen.getByText('教师 · 阳光实验小学 · 三年级2班')).toBeTruthy();
    expect(screen.getByText('有效期至 2026-12-08 12:00，只能使用一次')).toBeTruthy();
  });

  it('the principal may invite committee members', async () => {
    const api = fakeApi({
      'GET /schools/sch1/classes': () => ({ status: 200, body: classes }),
      'GET /schools/sch1/staff': () => ({ status: 200, body: staff }),
      'POST /schools/sch1/staff-invites': () => ({ status: 201, body: { id: 'i2', schoolId: 'sch1', role: 'committee', classIds: [], code: 'JKMN2345PQRS', qrPayload: '', qrDataUrl: '', expiresAt: '2026-12-08T04:00:00.000Z', createdAt: '' } }),
    });
    render(<StaffInvitesBody me={makeMe({ roles: [role('principal')] })} />);
    fireEvent.click(await screen.findByText('欺凌处置委员会成员'));
    fireEvent.click(screen.getByText('生成邀请码'));
    await waitFor(() => expect(api.callsTo('POST /schools/sch1/staff-invites')[0]?.body).toEqual({ role: 'committee' }));
  });

  it('a teacher is told who sends invitations', () => {
    render(<StaffInvitesBody me={makeMe({ roles: [role('teacher')] })} />);
    expect(screen.getByText('教职工邀请由学校管理员和校长发出。')).toBeTruthy();
  });
});
