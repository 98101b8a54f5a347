import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SchoolBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const school = {
  id: 'sch1', districtId: 'd1', name: '阳光实验小学', contactName: '张静', contactPhone: '010-62345678', contactUserId: 'u-contact',
  createdAt: '2026-09-01T00:00:00.000Z',
};
const staffRow = (userId: string, userName: string, r: string) => ({
  id: `r-${userId}-${r}`, userId, userName, role: r, schoolId: 'sch1', districtId: null, classIds: [], createdAt: '2026-09-01T00:00:00.000Z',
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('school settings: naming the designated contact', () => {
  it('a school admin sees who the contact is, but no form: only the principal names the contact', async () => {
    const api = fakeApi({ 'GET /schools/sch1': () => ({ status: 200, body: school }) });
    render(<SchoolBody me={makeMe({ id: 'u-admin', roles: [role('admin')] })} />);
    expect(await screen.findByText('欺凌防治负责人：张静 010-62345678')).toBeTruthy();
    expect(screen.getByText('欺凌防治负责人可以查看全校的倾诉/举报，只能由校长指定。如需更换，请联系校长。')).toBeTruthy();
    expect(screen.queryByText('设置负责人')).toBeNull();
    expect(screen.queryByText('保存')).toBeNull();
    expect(api.callsTo('GET /schools/sch1/staff')).toHaveLength(0);
  });

  it('the principal picks another staff member (never themselves) and saves', async () => {
    const api = fakeApi({
      'GET /schools/sch1': () => ({ status: 200, body: school }),
      'GET /schools/sch1/staff': () => ({ status: 200, body: [
        staffRow('u-contact', '张静', 'contact'), staffRow('u-teacher', '陈老师', 'teacher'), staffRow('u-principal', '赵校长', 'principal'),
      ] }),
      'PUT /schools/sch1/contact': (c) => ({ status: 200, body: { ...school, contactUserId: c.body.userId, contactName: c.body.name, contactPhone: c.body.phone } }),
    });
    render(<SchoolBody me={makeMe({ id: 'u-principal', roles: [role('principal')] })} />);
    expect(await screen.findByText('陈老师（教师）')).toBeTruthy();
    expect(screen.queryByText('赵校长（校长）')).toBeNull();
    fireEvent.click(screen.getByText('陈老师（教师）'));
    fireEvent.click(screen.getByText('保存'));
    await waitFor(() => expect(api.callsTo('PUT /schools/sch1/contact')).toHaveLength(1));
    expect(api.callsTo('PUT /schools/sch1/contact')[0].body).toEqual({ userId: 'u-teacher', name: '陈老师', phone: '010-62345678' });
  });

  it('a refusal from the server is shown in plain Chinese', async () => {
    fakeApi({
      'GET /schools/sch1': () => ({ status: 200, body: school }),
      'GET /schools/sch1/staff': () => ({ status: 200, body: [staffRow('u-contact', '张静', 'contact'), staffRow('u-teacher', '陈老师', 'teacher')] }),
      'PUT /schools/sch1/contact': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '没有权限进行此操作' } }),
    });
    render(<SchoolBody me={makeMe({ id: 'u-principal', roles: [role('principal')] })} />);
    fireEvent.click(await screen.findByText('陈老师（教师）'));
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('只有校长可以指定欺凌防治负责人')).toBeTruthy();
  });
});
