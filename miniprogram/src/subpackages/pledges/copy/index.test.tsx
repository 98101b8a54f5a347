import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { PledgeSignedCopy } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { PledgeCopyBody } from './index';

const COPY: PledgeSignedCopy = {
  id: 'sig1', pledgeId: 'p1', schoolYear: '2026-2027', schoolName: '阳光实验小学',
  student: { id: 's1', name: '王小明', className: '三年级1班' }, versionNumber: 1,
  text: { school: '学校承诺及时处理欺凌。', guardian: '家长承诺关注孩子。', student: '我不欺负同学。' },
  textHash: '3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3db04d', signedOn: '2026-09-03', superseded: false,
  relation: 'mother', relationLabel: '母亲', guardianSignature: 'data:image/png;base64,R1', studentSignature: 'data:image/png;base64,S1',
};

const fetchMock = jest.fn<typeof fetch>();
const clicks: Array<{ href: string; download: string }> = [];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  fetchMock.mockReset();
  clicks.length = 0;
  (globalThis as any).fetch = fetchMock;
  (URL as any).createObjectURL = jest.fn(() => 'blob:copy');
  (URL as any).revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ href: this.href, download: this.download });
  });
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('the signed copy', () => {
  it('shows the text, both signatures, the child, the day, the version and its fingerprint', async () => {
    fakeApi({ 'GET /me/pledges/p1/signatures/sig1': () => ({ status: 200, body: COPY }) });
    render(<PledgeCopyBody pledgeId='p1' signatureId='sig1' />);
    expect(await screen.findByText('✓ 已签署（2026-09-03）')).toBeTruthy();
    expect(screen.getByText('我不欺负同学。')).toBeTruthy();
    expect(screen.getByText('家长（母亲）签名')).toBeTruthy();
    expect(Array.from(document.querySelectorAll('.signature-preview')).map((i) => i.getAttribute('src'))).toEqual([COPY.guardianSignature, COPY.studentSignature]);
    expect(screen.getByText('王小明（三年级1班）')).toBeTruthy();
    expect(screen.getByText('第 1 版')).toBeTruthy();
    expect(screen.getByText('3f2a9c1e…b04d')).toBeTruthy();
    expect(screen.queryByText(/学校已发布更新的版本/)).toBeNull();
  });

  it('保存PDF gets the server\'s PDF with the session and saves it under the child\'s name', async () => {
    fakeApi({ 'GET /me/pledges/p1/signatures/sig1': () => ({ status: 200, body: { ...COPY, superseded: true } }) });
    fetchMock.mockResolvedValue({ ok: true, status: 200, blob: async () => new Blob(['%PDF-1.4']), text: async () => '' } as unknown as Response);
    render(<PledgeCopyBody pledgeId='p1' signatureId='sig1' />);
    expect(await screen.findByText('学校已发布更新的版本，这份副本签署的是第 1 版。')).toBeTruthy();
    fireEvent.click(screen.getByText('保存PDF'));
    await waitFor(() => expect(clicks).toEqual([{ href: 'blob:copy', download: '2026-2027学年承诺书-王小明.pdf' }]));
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/me/pledges/p1/signatures/sig1.pdf', { headers: { Authorization: 'Bearer tok' } });
  });

  it('a PDF the server refuses says why', async () => {
    fakeApi({ 'GET /me/pledges/p1/signatures/sig1': () => ({ status: 200, body: COPY }) });
    fetchMock.mockResolvedValue({ ok: false, status: 404, blob: async () => new Blob([]), text: async () => JSON.stringify({ code: 'NOT_FOUND', message: '找不到这份签署' }) } as unknown as Response);
    render(<PledgeCopyBody pledgeId='p1' signatureId='sig1' />);
    fireEvent.click(await screen.findByText('保存PDF'));
    const Taro = (await import('@tarojs/taro')).default as any;
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '找不到这份签署' })));
    expect(clicks).toEqual([]);
  });
});
