import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe, type Handler } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { extraTaro } from '../tips-test-support';
import { takeReceipt } from '../receipt';
import { loadDraft, newDraft, saveDraft } from '../tip-draft';

jest.mock('@tarojs/components', () => require('../tips-test-support').componentsWithTextarea());
const { TipFormBody } = require('./index') as typeof import('./index');

const me = makeMe({ displayName: '小明同学' });
const RECEIPT = { receipt: '1234567812345678', status: 'new', submittedAt: '2026-11-29T04:00:00.000Z', replayed: false };
let t: ReturnType<typeof extraTaro>;

beforeEach(() => {
  resetTaro();
  t = extraTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  routerParams.current = { schoolId: 'sch1', schoolName: encodeURIComponent('阳光实验小学') };
  takeReceipt();
});

const textarea = (cls: string) => document.querySelector(`textarea.${cls}`) as HTMLTextAreaElement;

function fillRequired() {
  fireEvent.click(screen.getByText('言语欺凌'));
  fireEvent.change(textarea('desc-input'), { target: { value: '他们叫我外号' } });
  fireEvent.click(screen.getByText('已经停止了'));
  fireEvent.click(screen.getByText('我是被欺凌的同学'));
}

describe('我要倾诉/举报 form', () => {
  it('says truthfully what anonymity means on the submit page', () => {
    render(<TipFormBody me={me} />);
    expect(screen.getByText('匿名提交：学校看不到你是谁；微信知道你使用了本小程序。你也可以选择留下姓名。')).toBeTruthy();
    expect(screen.getByText('学校：阳光实验小学')).toBeTruthy();
  });

  it('refuses an incomplete form without calling the server, naming what is missing', () => {
    const api = fakeApi({});
    render(<TipFormBody me={me} />);
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('请选择发生了哪一类事情')).toBeTruthy();
    expect(screen.getByText('请写一写发生了什么')).toBeTruthy();
    expect(screen.getByText('请选择事情是否还在发生')).toBeTruthy();
    expect(screen.getByText('请选择你的身份')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });

  it('keeps every change on the device, and submits with the draft’s key; success clears the draft and shows the receipt', async () => {
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    fillRequired();
    const kept = loadDraft('reporter')!;
    expect(kept).toEqual(expect.objectContaining({ category: 'verbal', description: '他们叫我外号', ongoing: false, reporterRole: 'victim' }));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(t.redirectTo).toHaveBeenCalled());
    const [call] = api.callsTo('POST /tips');
    expect(call.body).toEqual(expect.objectContaining({ schoolId: 'sch1', clientKey: kept.clientKey, inDanger: false, category: 'verbal' }));
    expect(call.body.named).toBeUndefined();
    expect(loadDraft('reporter')).toBeNull();
    expect((t.redirectTo.mock.calls[0][0] as any).url).toBe(`/subpackages/tips/receipt/index?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}`);
    // The receipt goes to the next page in memory, never in the URL.
    expect((t.redirectTo.mock.calls[0][0] as any).url).not.toContain(RECEIPT.receipt);
    expect(takeReceipt()?.receipt).toBe(RECEIPT.receipt);
  });

  it('a dropped connection keeps the draft; the retry sends the same key (no second tip)', async () => {
    let attempt = 0;
    const api = fakeApi({ 'POST /tips': () => (++attempt === 1 ? 'network-error' : { status: 201, body: { ...RECEIPT, replayed: true } }) as ReturnType<Handler> });
    render(<TipFormBody me={me} />);
    fillRequired();
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText(/网络不稳定，没有确认提交成功/)).toBeTruthy();
    expect(loadDraft('reporter')).not.toBeNull();
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(t.redirectTo).toHaveBeenCalled());
    const [first, second] = api.callsTo('POST /tips');
    expect(second.body.clientKey).toBe(first.body.clientKey);
    expect(loadDraft('reporter')).toBeNull();
  });

  it('a restored draft is shown and submitted with its original key; 清空 starts a new one with a new key', async () => {
    const saved = { ...newDraft({ schoolId: 'sch1', schoolName: '阳光实验小学' }), category: 'cyber' as const, description: '群里骂我', ongoing: true, reporterRole: 'witness' as const };
    saveDraft('reporter', saved);
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    const { unmount } = render(<TipFormBody me={me} />);
    expect(screen.getByText('已恢复你上次没有提交的内容。')).toBeTruthy();
    expect(textarea('desc-input').value).toBe('群里骂我');
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(api.callsTo('POST /tips')).toHaveLength(1));
    expect(api.callsTo('POST /tips')[0].body.clientKey).toBe(saved.clientKey);
    unmount();

    saveDraft('reporter', saved);
    render(<TipFormBody me={me} />);
    fireEvent.click(screen.getByText('清空，重新填写'));
    expect(textarea('desc-input').value).toBe('');
    fireEvent.click(screen.getByText('言语欺凌'));
    expect(loadDraft('reporter')!.clientKey).not.toBe(saved.clientKey);
  });

  it('409 TIP_ALREADY_SUBMITTED: the tip is safe; the draft is cleared and the server’s message shown', async () => {
    fakeApi({ 'POST /tips': () => ({ status: 409, body: { code: 'TIP_ALREADY_SUBMITTED', message: '这份举报已于之前成功提交，学校已经收到。' } }) });
    render(<TipFormBody me={me} />);
    fillRequired();
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('学校已经收到这份举报')).toBeTruthy();
    expect(screen.getByText('这份举报已于之前成功提交，学校已经收到。')).toBeTruthy();
    expect(loadDraft('reporter')).toBeNull();
  });

  it('photos: chosen, uploaded one by one for the school, shown, removable; ids go with the tip', async () => {
    t.chooseImage.mockImplementation(async () => ({ tempFilePaths: ['wxfile://a.jpg', 'wxfile://b.png'], tempFiles: [{ path: 'wxfile://a.jpg', size: 1000 }, { path: 'wxfile://b.png', size: 2000 }] }));
    let n = 0;
    (Taro.uploadFile as any).mockImplementation(async (o: any) => ({ statusCode: 201, data: JSON.stringify({ attachmentId: `att${++n}`, mime: 'image/jpeg', size: 1, formData: o.formData }) }));
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    fillRequired();
    await act(async () => {
      fireEvent.click(screen.getByText('添加照片'));
    });
    await waitFor(() => expect(document.querySelectorAll('img.photo-img')).toHaveLength(2));
    const uploads = (Taro.uploadFile as any).mock.calls.map((c: any[]) => c[0]);
    expect(uploads.map((u: any) => [u.url, u.filePath, u.formData])).toEqual([
      ['/api/v1/tips/attachments', 'wxfile://a.jpg', { schoolId: 'sch1' }],
      ['/api/v1/tips/attachments', 'wxfile://b.png', { schoolId: 'sch1' }],
    ]);
    expect((t.chooseImage.mock.calls[0][0] as any).count).toBe(6);
    fireEvent.click(screen.getAllByText('删除')[0]);
    expect(document.querySelectorAll('img.photo-img')).toHaveLength(1);
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(api.callsTo('POST /tips')).toHaveLength(1));
    expect(api.callsTo('POST /tips')[0].body.attachmentIds).toEqual(['att2']);
  });

  it('a refused photo shows the server’s reason; expired photos are dropped and the text kept', async () => {
    t.chooseImage.mockImplementation(async () => ({ tempFilePaths: ['x.gif'], tempFiles: [{ path: 'x.gif', size: 10 }] }));
    (Taro.uploadFile as any).mockImplementation(async () => ({ statusCode: 415, data: JSON.stringify({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '只能上传 JPG 或 PNG 照片' }) }));
    render(<TipFormBody me={me} />);
    await act(async () => {
      fireEvent.click(screen.getByText('添加照片'));
    });
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '只能上传 JPG 或 PNG 照片' })));
    expect(document.querySelectorAll('img.photo-img')).toHaveLength(0);
  });

  it('photos expired on the server (400 TIP_ATTACHMENT_INVALID): dropped from the draft, the text kept', async () => {
    saveDraft('reporter', {
      ...newDraft({ schoolId: 'sch1', schoolName: '' }), category: 'verbal', description: '写好的内容', ongoing: false, reporterRole: 'victim',
      photos: [{ attachmentId: 'old', localPath: 'p' }],
    });
    fakeApi({ 'POST /tips': () => ({ status: 400, body: { code: 'TIP_ATTACHMENT_INVALID', message: '照片已失效或不属于这所学校，请重新上传' } }) });
    render(<TipFormBody me={me} />);
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('照片已失效或不属于这所学校，请重新上传（文字内容都还在）')).toBeTruthy();
    expect(document.querySelectorAll('img.photo-img')).toHaveLength(0);
    expect(loadDraft('reporter')).toEqual(expect.objectContaining({ description: '写好的内容', photos: [] }));
  });

  it('named report: optional, both fields required once chosen, sent only then', async () => {
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    fillRequired();
    fireEvent.click(screen.getByText('我愿意留下姓名和联系方式（选填）'));
    fireEvent.click(screen.getByText('提交'));
    expect(screen.getByText('请填写姓名，或取消“留下姓名”')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
    fireEvent.change(document.querySelector('input.name-input')!, { target: { value: '王小明' } });
    fireEvent.change(document.querySelector('input.contact-input')!, { target: { value: '13800000000' } });
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(api.callsTo('POST /tips')).toHaveLength(1));
    expect(api.callsTo('POST /tips')[0].body.named).toEqual({ name: '王小明', contact: '13800000000' });
  });

  it('opened from 我现在有危险: marked inDanger, with tap-to-call numbers', async () => {
    routerParams.current = { schoolId: 'sch1', inDanger: '1' };
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    fireEvent.click(screen.getByText('报警 110'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '110' });
    fillRequired();
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(api.callsTo('POST /tips')).toHaveLength(1));
    expect(api.callsTo('POST /tips')[0].body.inDanger).toBe(true);
  });

  it('教师转报: the teacher’s own draft, filedByTeacher, no name fields', async () => {
    routerParams.current = { schoolId: 'sch1', teacher: '1' };
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    expect(screen.getByText('教师转报')).toBeTruthy();
    expect(screen.queryByText('我愿意留下姓名和联系方式（选填）')).toBeNull();
    fireEvent.click(screen.getByText('肢体欺凌'));
    fireEvent.change(textarea('desc-input'), { target: { value: '学生课后告诉我被推倒' } });
    fireEvent.click(screen.getByText('还在发生'));
    fireEvent.click(screen.getByText('被欺凌的学生本人'));
    fireEvent.click(screen.getByText('提交转报'));
    await waitFor(() => expect(api.callsTo('POST /tips')).toHaveLength(1));
    expect(api.callsTo('POST /tips')[0].body).toEqual(expect.objectContaining({ filedByTeacher: true, ongoing: true, reporterRole: 'victim' }));
    expect(loadDraft('teacher')).toBeNull();
  });

  it('without a school: sends the user back to the entry', () => {
    routerParams.current = {};
    render(<TipFormBody me={me} />);
    fireEvent.click(screen.getByText('去倾诉信箱'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/tips/index' });
  });
});
