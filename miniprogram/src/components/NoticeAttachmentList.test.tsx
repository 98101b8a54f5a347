import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NoticeAttachment, NoticeBody } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { clientConfig } from '../api/client';
import { storage } from '../api/storage';
import { fakeApi } from '../../test/fake-api';
import { resetTaro } from '../../test/stubs/taro';
import { fileSizeText, NoticeAttachmentList } from './NoticeAttachmentList';
import { forgetNoticePictures } from './notice-pictures';

const t = Taro as unknown as Record<string, jest.Mock<(...a: any[]) => any>>;
const IN_BODY = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
const EXTRA = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const FILES: NoticeAttachment[] = [
  { id: IN_BODY, kind: 'image', mime: 'image/jpeg', label: '座位图.jpg', size: 90_000, width: 640, height: 480, sha256: 'a' },
  { id: 'p1', kind: 'pdf', mime: 'application/pdf', label: '家长会议程.pdf', size: 1_300_000, width: null, height: null, sha256: 'b' },
  { id: EXTRA, kind: 'image', mime: 'image/jpeg', label: '校门口.jpg', size: 50_000, width: 640, height: 480, sha256: 'c' },
];
const BODY: NoticeBody = { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '见下图' }] }, { type: 'image', attachmentId: IN_BODY }] };

beforeEach(() => {
  resetTaro();
  forgetNoticePictures();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  t.downloadFile.mockImplementation(async (o: any) => ({ statusCode: 200, tempFilePath: `wxfile://tmp/${String(o.url).split('/').pop()}` }));
  t.openDocument.mockResolvedValue({ errMsg: 'ok' });
});
afterEach(() => {
  process.env.TARO_ENV = 'h5';
});

describe('a notice\'s files, for a guardian', () => {
  it('lists the PDFs and the pictures the body does not show; a PDF opens in WeChat\'s document viewer', async () => {
    process.env.TARO_ENV = 'weapp';
    fakeApi({ 'GET /notices/n1/attachments': () => ({ status: 200, body: FILES }) });
    const { container } = render(<NoticeAttachmentList noticeId='n1' body={BODY} />);
    expect(await screen.findByText('附件（2）')).toBeTruthy();
    expect(screen.getByText('1.2 MB · 点击打开')).toBeTruthy();
    await waitFor(() => expect(container.querySelector('img.notice-image-img')?.getAttribute('src')).toBe(`wxfile://tmp/${EXTRA}`));
    expect(screen.getByText('校门口.jpg')).toBeTruthy();
    expect(screen.queryByText('座位图.jpg')).toBeNull(); // shown in the body already
    fireEvent.click(screen.getByText('家长会议程.pdf'));
    await waitFor(() => expect(t.openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/p1', fileType: 'pdf', showMenu: true }));
    const pdfCall = t.downloadFile.mock.calls.find((c) => String(c[0].url).endsWith('/notices/n1/attachments/p1'))!;
    expect(pdfCall[0].header).toEqual({ Authorization: 'Bearer tok' });
  });

  it('shows nothing for a notice without files, and says so when they cannot be loaded', async () => {
    fakeApi({ 'GET /notices/n1/attachments': () => ({ status: 200, body: [] }), 'GET /notices/n2/attachments': () => ({ status: 404, body: { code: 'NOT_FOUND', message: '找不到通知' } }) });
    const empty = render(<NoticeAttachmentList noticeId='n1' body={BODY} />);
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(empty.container.textContent).toBe('');
    render(<NoticeAttachmentList noticeId='n2' body={null} />);
    expect(await screen.findByText('附件暂时无法加载，请稍后再打开这条通知。')).toBeTruthy();
  });

  it('gives sizes as people read them', () => {
    expect([fileSizeText(300), fileSizeText(350 * 1024), fileSizeText(20 * 1024 * 1024)]).toEqual(['1 KB', '350 KB', '20.0 MB']);
  });
});
