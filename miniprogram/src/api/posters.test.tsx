import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { posterScene } from '@anxin/shared';
import { openPoster, posterFiles } from './posters';
import { clientConfig } from './client';
import { storage } from './storage';
import { SchoolBody } from '../subpackages/staff/school';
import { InvitesBody } from '../subpackages/staff/invites';
import { codeFromPageParams } from '../pages/bind/binding-form';
import { resolveTipSchool } from '../pages/tips/tip-school';
import { fakeApi, makeMe } from '../../test/fake-api';
import { resetTaro, routerParams } from '../../test/stubs/taro';
import { BindBody } from '../pages/bind';

const role = (r: string, classIds: string[] = []) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds });
const school = { id: 'sch1', districtId: 'd1', name: '阳光实验小学', contactName: '张静', contactPhone: '010-62345678', contactUserId: 'u-contact', createdAt: '2026-09-01T00:00:00.000Z' };

const fetchMock = jest.fn<typeof fetch>();
const clicks: Array<{ href: string; download: string }> = [];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  fetchMock.mockReset();
  clicks.length = 0;
  (globalThis as any).fetch = fetchMock;
  (URL as any).createObjectURL = jest.fn(() => 'blob:poster');
  (URL as any).revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ href: this.href, download: this.download });
  });
});
afterEach(() => {
  process.env.TARO_ENV = 'h5';
  jest.restoreAllMocks();
});

/** The part of a fetch Response the download reads (jsdom has no Response). */
const answer = (status: number, text: string) => ({ ok: status >= 200 && status < 300, status, blob: async () => new Blob([text]), text: async () => text }) as unknown as Response;
const pdfAnswer = () => answer(200, '%PDF-1.3 poster');

describe('poster downloads', () => {
  it('h5: fetches the PDF with the session and saves it under a Chinese file name', async () => {
    fetchMock.mockResolvedValue(pdfAnswer());
    await openPoster(posterFiles.school('sch1'));
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/schools/sch1/poster.pdf', { headers: { Authorization: 'Bearer tok' } });
    expect(clicks).toEqual([{ href: 'blob:poster', download: '倾诉信箱海报.pdf' }]);
  });

  it("h5: a refusal keeps the server's message", async () => {
    fetchMock.mockResolvedValue(answer(409, JSON.stringify({ code: 'POSTER_CONTACT_MISSING', message: '学校还没有指定欺凌防治负责人' })));
    await expect(openPoster(posterFiles.school('sch1'))).rejects.toMatchObject({ status: 409, code: 'POSTER_CONTACT_MISSING', message: '学校还没有指定欺凌防治负责人' });
    expect(clicks).toEqual([]);
  });

  it('weapp: downloads with the session and opens the PDF (its menu prints or forwards it)', async () => {
    process.env.TARO_ENV = 'weapp';
    (Taro as any).downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/poster.pdf' });
    (Taro as any).openDocument.mockResolvedValue({ errMsg: 'ok' });
    await openPoster(posterFiles.invite('inv1'));
    expect((Taro as any).downloadFile).toHaveBeenCalledWith({ url: '/api/v1/invite-codes/inv1/poster.pdf', header: { Authorization: 'Bearer tok' } });
    expect((Taro as any).openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/poster.pdf', fileType: 'pdf', showMenu: true });
  });

  it('weapp: an error answer is read from the downloaded file', async () => {
    process.env.TARO_ENV = 'weapp';
    (Taro as any).downloadFile.mockResolvedValue({ statusCode: 404, tempFilePath: 'wxfile://tmp/err' });
    (Taro as any).getFileSystemManager.mockReturnValue({ readFileSync: () => JSON.stringify({ code: 'INVITE_CODE_INVALID', message: '邀请码无效或已停用' }) });
    await expect(openPoster(posterFiles.invite('inv1'))).rejects.toMatchObject({ code: 'INVITE_CODE_INVALID', message: '邀请码无效或已停用' });
    expect((Taro as any).openDocument).not.toHaveBeenCalled();
  });

  it('school settings: a school admin gets 下载海报; a refusal is shown as a toast', async () => {
    fakeApi({ 'GET /schools/sch1': () => ({ status: 200, body: school }) });
    fetchMock.mockResolvedValue(answer(409, JSON.stringify({ code: 'POSTER_CONTACT_MISSING', message: '学校还没有指定欺凌防治负责人' })));
    render(<SchoolBody me={makeMe({ id: 'u-admin', roles: [role('admin')] })} />);
    fireEvent.click(await screen.findByText('下载海报'));
    await waitFor(() => expect((Taro as any).showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '学校还没有指定欺凌防治负责人' })));
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/schools/sch1/poster.pdf');
  });

  it('school settings: no poster button for staff without school.manage (the contact)', async () => {
    fakeApi({ 'GET /schools/sch1': () => ({ status: 200, body: school }) });
    render(<SchoolBody me={makeMe({ id: 'u-contact', roles: [role('contact')] })} />);
    expect(await screen.findByText('欺凌防治负责人：张静 010-62345678')).toBeTruthy();
    expect(screen.queryByText('下载海报')).toBeNull();
  });

  it('invite codes: each active code has a poster button; a revoked one has none', async () => {
    const code = (id: string, c: string, revokedAt: string | null) => ({ id, classId: 'c1', className: '三年级1班', code: c, qrPayload: '', qrDataUrl: revokedAt ? '' : 'data:image/png;base64,x', createdAt: '2026-09-01T00:00:00.000Z', revokedAt });
    fakeApi({
      'GET /classes/c1/invite-codes': () => ({ status: 200, body: [code('inv1', 'DEMO3A01', null), code('inv0', 'OLDCODE1', '2026-09-02T00:00:00.000Z')] }),
      'GET /schools/sch1/classes': () => ({ status: 200, body: [{ id: 'c1', schoolId: 'sch1', gradeId: 'g1', name: '1班', gradeName: '三年级', displayName: '三年级1班' }] }),
    });
    fetchMock.mockResolvedValue(pdfAnswer());
    render(<InvitesBody me={makeMe({ id: 'u-teacher', roles: [role('teacher', ['c1'])] })} />);
    const buttons = await screen.findAllByText('下载海报（A4）');
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]);
    await waitFor(() => expect(clicks).toEqual([{ href: 'blob:poster', download: '班级邀请海报.pdf' }]));
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/invite-codes/inv1/poster.pdf');
  });
});

describe('pages opened from a poster', () => {
  it('the binding page reads the code from the h5 link or from a class poster scene', () => {
    expect(codeFromPageParams({ code: 'DEMO3A01' })).toBe('DEMO3A01');
    expect(codeFromPageParams({ scene: encodeURIComponent(posterScene({ kind: 'invite', code: 'DEMO3A01' })) })).toBe('DEMO3A01');
    expect(codeFromPageParams({ scene: 'x' })).toBeNull();
    expect(codeFromPageParams({ code: '<script>' })).toBeNull();
    expect(codeFromPageParams({})).toBeNull();
  });

  it("the tip box takes the school from a school poster's scene", () => {
    const id = '8ba613fa-d2db-4d7b-9c60-812db557f4e0';
    expect(resolveTipSchool({ scene: posterScene({ kind: 'school', schoolId: id }) }, null)).toEqual({ id, name: '' });
    expect(resolveTipSchool({ scene: 'i.DEMO3A01' }, null)).toBeNull();
  });

  it('the binding page opened from a class poster looks the class up at once', async () => {
    routerParams.current = { scene: encodeURIComponent('i.DEMO3A01') };
    const api = fakeApi({
      'GET /invite-codes/DEMO3A01/lookup': () => ({ status: 200, body: { schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', students: [{ id: 's1', maskedName: '王*明' }] } }),
    });
    render(<BindBody me={makeMe()} />);
    expect(await screen.findByText('阳光实验小学 三年级1班')).toBeTruthy();
    expect(api.callsTo('GET /invite-codes/DEMO3A01/lookup')).toHaveLength(1);
  });
});
