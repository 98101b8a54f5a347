import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { NOTICE_ATTACHMENT_LIMITS, type NoticeAttachment, type NoticeComposerResponse, type NoticeStaffDetail } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { forgetNoticePictures } from '../../../components/notice-pictures';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

jest.mock('@tarojs/components', () => {
  const actual = jest.requireActual<Record<string, unknown>>('../../../../test/stubs/components');
  const Textarea = (props: { className?: string; value?: string; placeholder?: string; onInput?: (e: unknown) => void }) => (
    <textarea className={props.className} value={props.value ?? ''} placeholder={props.placeholder} onChange={(e) => props.onInput?.({ detail: { value: e.target.value } })} />
  );
  const Picker = (props: { children?: unknown }) => <div>{props.children as any}</div>;
  return { ...actual, Textarea, Picker };
});
const { ComposeBody } = require('./index') as typeof import('./index');

const t = Taro as unknown as Record<string, jest.Mock<(...a: any[]) => any>>;
const me = makeMe({ id: 'u-teacher', roles: [{ role: 'teacher', schoolId: 's1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: ['c1'] }] as any });
const COMPOSER: NoticeComposerResponse = {
  schoolWide: false, grades: [{ id: 'g3', name: '三年级', classes: [{ id: 'c1', name: '三年级1班' }] }], linkPages: [{ page: 'pages/tips/index', label: '倾诉信箱' }],
  warningHint: '不要写出任何学生的姓名', quietHours: { start: '21:00', end: '07:00' },
};
const DRAFT = {
  id: 'n1', schoolId: 's1', kind: 'letter', title: '家长会通知', body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '请看座位图。' }] }] },
  confirmMode: 'confirm', question: null, confirmDeadline: null, audience: { scope: 'classes', ids: ['c1'], classes: [{ id: 'c1', name: '三年级1班' }] },
  status: 'draft', canManage: true,
} as unknown as NoticeStaffDetail;
/** Attachment ids are UUIDs (the body schema checks it). */
const PIC_ID = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
const PDF_FILE: NoticeAttachment = { id: 'a-pdf', kind: 'pdf', mime: 'application/pdf', label: '座位表.pdf', size: 300 * 1024, width: null, height: null, sha256: 'x' };
const PICTURE: NoticeAttachment = { id: PIC_ID, kind: 'image', mime: 'image/jpeg', label: 'IMG_0001.jpg', size: 80 * 1024, width: 640, height: 480, sha256: 'y' };

beforeEach(() => {
  resetTaro();
  forgetNoticePictures();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  for (const name of ['chooseImage', 'previewImage', 'redirectTo']) {
    if (!t[name]) t[name] = jest.fn();
    t[name].mockReset();
  }
  t.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'blob:picture' });
});

function server(files: NoticeAttachment[]) {
  return fakeApi({
    'GET /schools/s1/notices/composer': () => ({ status: 200, body: COMPOSER }),
    'GET /notices/n1': () => ({ status: 200, body: DRAFT }),
    'GET /notices/n1/attachments': () => ({ status: 200, body: files }),
    'PUT /notices/n1': (c) => ({ status: 200, body: { ...DRAFT, body: c.body.body } }),
    [`DELETE /notices/n1/attachments/${PIC_ID}`]: () => ({ status: 204 }),
  });
}

describe('the editor\'s pictures and files', () => {
  it('+ 图片 uploads the chosen picture to the draft, adds it to the body and the preview, and the draft saves it', async () => {
    const api = server([PDF_FILE]);
    t.chooseImage.mockResolvedValue({ tempFilePaths: ['blob:chosen'], tempFiles: [{ path: 'blob:chosen', size: 80 * 1024 }] });
    t.uploadFile.mockResolvedValue({ statusCode: 201, data: JSON.stringify(PICTURE) });
    render(<ComposeBody me={me} id='n1' />);
    expect(await screen.findByText('座位表.pdf')).toBeTruthy();
    fireEvent.click(screen.getByText('+ 图片'));
    await waitFor(() => expect(t.uploadFile).toHaveBeenCalled());
    const up = t.uploadFile.mock.calls[0][0];
    expect(up.url).toMatch(/\/api\/v1\/notices\/n1\/attachments$/);
    expect([up.filePath, up.name, up.header]).toEqual(['blob:chosen', 'file', { Authorization: 'Bearer tok' }]);
    expect(await screen.findByText('IMG_0001.jpg')).toBeTruthy(); // in the list of files
    // The block in the editor and the preview draw the picture, fetched with the session.
    await waitFor(() => expect(document.querySelectorAll('img.notice-image-img')).toHaveLength(2));
    fireEvent.change(document.querySelector('.caption-input')!, { target: { value: '座位图' } });
    await waitFor(() => expect(api.callsTo('PUT /notices/n1').at(-1)?.body.body.blocks).toEqual([
      { type: 'paragraph', spans: [{ text: '请看座位图。' }] }, { type: 'image', attachmentId: PIC_ID, caption: '座位图' },
    ]), { timeout: 5000 });
    expect(screen.getAllByText('座位图').length).toBeGreaterThan(0);
  }, 15_000);

  it('removing a picture the body shows saves the body without it first, then removes the file', async () => {
    const api = server([PICTURE]);
    // The saved draft shows the picture (loaded back into a picture block).
    DRAFT.body.blocks.push({ type: 'image', attachmentId: PIC_ID });
    try {
      const again = render(<ComposeBody me={me} id='n1' />);
      expect(await screen.findByText('IMG_0001.jpg')).toBeTruthy();
      await waitFor(() => expect(again.container.querySelectorAll('.block-image')).toHaveLength(1));
      fireEvent.click(again.container.querySelector('.attachments-panel .btn.danger')!);
      await waitFor(() => expect(api.callsTo(`DELETE /notices/n1/attachments/${PIC_ID}`)).toHaveLength(1));
      const order = api.calls.map((c) => `${c.method} ${c.path}`);
      const lastPut = order.lastIndexOf('PUT /notices/n1');
      expect(lastPut).toBeGreaterThan(-1);
      expect(lastPut).toBeLessThan(order.indexOf(`DELETE /notices/n1/attachments/${PIC_ID}`));
      expect(api.calls[lastPut].body.body.blocks).toEqual([{ type: 'paragraph', spans: [{ text: '请看座位图。' }] }]);
      await waitFor(() => expect(again.container.querySelectorAll('.block-image')).toHaveLength(0));
    } finally {
      DRAFT.body.blocks.pop();
    }
  });

  it('says why nothing is uploaded: a file too large, a draft that is full, a new draft that cannot be saved yet', async () => {
    server([PDF_FILE]);
    t.chooseImage.mockResolvedValue({ tempFilePaths: ['blob:big'], tempFiles: [{ path: 'blob:big', size: NOTICE_ATTACHMENT_LIMITS.bytesMax + 1 }] });
    const first = render(<ComposeBody me={me} id='n1' />);
    expect(await screen.findByText('座位表.pdf')).toBeTruthy();
    fireEvent.click(screen.getByText('+ 图片'));
    await waitFor(() => expect(t.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '每个附件不能超过 20 MB' })));
    expect(t.uploadFile).not.toHaveBeenCalled();
    first.unmount();

    server(Array.from({ length: NOTICE_ATTACHMENT_LIMITS.perNoticeMax }, (_, i) => ({ ...PDF_FILE, id: `f${i}`, label: `文件${i}.pdf` })));
    const full = render(<ComposeBody me={me} id='n1' />);
    expect(await screen.findByText('文件8.pdf')).toBeTruthy();
    fireEvent.click(screen.getByText('+ 图片'));
    expect(t.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '每条通知最多 9 个附件（图片和 PDF 合计）' }));
    full.unmount();

    // A new notice without a title is not saved, so nothing can be attached to it yet.
    t.showToast.mockClear();
    t.chooseImage.mockResolvedValue({ tempFilePaths: ['blob:ok'], tempFiles: [{ path: 'blob:ok', size: 1000 }] });
    render(<ComposeBody me={me} id={null} />);
    fireEvent.click(await screen.findByText('+ 图片'));
    await waitFor(() => expect(t.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请先完成：请填写标题，草稿保存后才能添加附件' })));
    expect(t.uploadFile).not.toHaveBeenCalled();
  });
});
