import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { DistrictConsoleResponse } from '@anxin/shared';
import { DistrictConsoleBody, newSchoolError } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const officer = makeMe({ displayName: '刘芳', roles: [{ role: 'district_officer', schoolId: null, schoolName: null, districtId: 'd1', districtName: '成都市武侯区教育局', classIds: [] }] });
const items = (done: string[]) => (['contact', 'contact_alerts', 'committee', 'roster', 'class_teachers', 'poster'] as const)
  .map((key) => ({ key, status: done.includes(key) ? 'done' as const : 'todo' as const, detail: '', at: null }));
const consoleData: DistrictConsoleResponse = {
  district: { id: 'd1', name: '成都市武侯区教育局', code: '510107' },
  officers: [{ displayName: '刘芳' }],
  schoolsComplete: 1,
  schools: [
    { id: 's2', name: '武侯小学', stage: 'primary', address: null, nationalCode: null, createdAt: '', hasAdmin: false, hasPrincipal: false, done: 0, total: 6, complete: false, items: items([]) },
    { id: 's1', name: '武侯实验中学', stage: 'junior', address: null, nationalCode: '2151010701', createdAt: '', hasAdmin: true, hasPrincipal: true, done: 6, total: 6, complete: true, items: items(['contact', 'contact_alerts', 'committee', 'roster', 'class_teachers', 'poster']) },
  ],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

const typeInto = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value }, detail: { value } });

describe('the district console', () => {
  it('lists the schools with their set-up, and invites a school\'s first administrator', async () => {
    const api = fakeApi({
      'GET /districts/d1/setup': () => ({ status: 200, body: consoleData }),
      'POST /schools/s2/admin-invites': () => ({ status: 201, body: { id: 'i1', kind: 'school_admin', districtId: 'd1', schoolId: 's2', code: 'ABCD2345EFGH', qrPayload: '', qrDataUrl: 'data:image/png;base64,AAAA', expiresAt: '2026-12-04T04:00:00.000Z', createdAt: '' } }),
    });
    render(<DistrictConsoleBody me={officer} />);
    expect(await screen.findByText('共 2 所学校，1 所已完成开通')).toBeTruthy();
    expect(screen.getByText('行政区划代码 510107 · 工作人员：刘芳')).toBeTruthy();
    expect(screen.getByText('已完成开通')).toBeTruthy();
    expect(screen.getByText('已完成 0/6')).toBeTruthy();
    expect(screen.getByText('初中 · 2151010701')).toBeTruthy();
    // only the school without an administrator offers the invite
    expect(screen.getAllByText('邀请管理员')).toHaveLength(1);
    fireEvent.click(screen.getByText('邀请管理员'));
    expect(await screen.findByText('ABCD-2345-EFGH')).toBeTruthy();
    expect(screen.getByText('学校管理员 · 武侯小学')).toBeTruthy();
    expect(api.callsTo('POST /schools/s2/admin-invites')).toHaveLength(1);
  });

  it('adds a school with its 学段 (and the 学校标识码 when known), then reloads the list', async () => {
    const api = fakeApi({
      'GET /districts/d1/setup': () => ({ status: 200, body: consoleData }),
      'POST /districts/d1/schools': (c) => ({ status: 201, body: { id: 's3', districtId: 'd1', ...c.body } }),
    });
    render(<DistrictConsoleBody me={officer} />);
    await screen.findByText('共 2 所学校，1 所已完成开通');
    typeInto(screen.getByPlaceholderText('例如 阳光实验小学'), '武侯第三小学');
    fireEvent.click(screen.getByText('添加'));
    expect(await screen.findByText('请选择学段')).toBeTruthy();
    fireEvent.click(screen.getByText('九年一贯制'));
    fireEvent.click(screen.getByText('添加'));
    await waitFor(() => expect(api.callsTo('POST /districts/d1/schools')).toHaveLength(1));
    expect(api.callsTo('POST /districts/d1/schools')[0].body).toEqual({ name: '武侯第三小学', stage: 'nine_year' });
    await waitFor(() => expect(api.callsTo('GET /districts/d1/setup')).toHaveLength(2));
  });

  it('checks the form as the server does', () => {
    expect(newSchoolError({ name: ' ', stage: 'primary', address: '', nationalCode: '' })).toBe('请输入学校名称');
    expect(newSchoolError({ name: '某校', stage: null, address: '', nationalCode: '' })).toBe('请选择学段');
    expect(newSchoolError({ name: '某校', stage: 'primary', address: '', nationalCode: '12345' })).toContain('10 位数字');
    expect(newSchoolError({ name: '某校', stage: 'primary', address: '', nationalCode: '2151010701' })).toBeNull();
  });

  it('is for district officers', () => {
    render(<DistrictConsoleBody me={makeMe()} />);
    expect(screen.getByText('区县控制台由教育局工作人员使用。')).toBeTruthy();
  });
});
