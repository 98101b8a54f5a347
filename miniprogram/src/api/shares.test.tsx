import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { clientConfig } from './client';
import { reportShareOpen, sharePath } from './shares';
import { storage } from './storage';
import { fakeApi, makeMe } from '../../test/fake-api';
import { resetTaro, routerParams, shareAppMessage } from '../../test/stubs/taro';
import { BindBody } from '../pages/bind';
import { TipsEntryBody } from '../pages/tips';

const T = Taro as any;
const OPENS = 'POST /shares/sh1/opens';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  process.env.TARO_ENV = 'weapp';
});
afterEach(() => {
  process.env.TARO_ENV = 'h5';
});

const counted = (fromGroup: boolean) => () => ({ status: 200, body: { counted: true, fromGroup } });

describe('reporting a share card opening', () => {
  it('sends the group data WeChat gives for the share ticket', async () => {
    T.getEnterOptionsSync.mockReturnValue({ shareTicket: 'ticket-1' });
    T.getGroupEnterInfo.mockResolvedValue({ encryptedData: 'ENC1', iv: 'IV1', errMsg: 'ok' });
    const api = fakeApi({ [OPENS]: counted(true) });
    expect(await reportShareOpen('sh1')).toEqual({ counted: true, fromGroup: true });
    expect(api.callsTo(OPENS).map((c) => c.body)).toEqual([{ encryptedData: 'ENC1', iv: 'IV1' }]);
  });

  it('counts an opening without a share ticket (outside a group) as not from a group, and asks WeChat nothing', async () => {
    T.getEnterOptionsSync.mockReturnValue({ path: 'pages/tips/index' });
    const api = fakeApi({ [OPENS]: counted(false) });
    expect(await reportShareOpen('sh1')).toEqual({ counted: true, fromGroup: false });
    expect(api.callsTo(OPENS).map((c) => c.body)).toEqual([{}]);
    expect(T.getGroupEnterInfo).not.toHaveBeenCalled();
  });

  it('h5 has no share tickets: the opening counts as not from a group', async () => {
    process.env.TARO_ENV = 'h5';
    const api = fakeApi({ [OPENS]: counted(false) });
    await reportShareOpen('sh1');
    expect(api.callsTo(OPENS).map((c) => c.body)).toEqual([{}]);
    expect(T.getEnterOptionsSync).not.toHaveBeenCalled();
  });

  it('falls back to getShareInfo when getGroupEnterInfo fails', async () => {
    T.getEnterOptionsSync.mockReturnValue({ shareTicket: 'ticket-2' });
    T.getGroupEnterInfo.mockRejectedValue({ errMsg: 'getGroupEnterInfo:fail' });
    T.getShareInfo.mockResolvedValue({ encryptedData: 'ENC2', iv: 'IV2', errMsg: 'ok' });
    const api = fakeApi({ [OPENS]: counted(true) });
    await reportShareOpen('sh1');
    expect(T.getShareInfo).toHaveBeenCalledWith({ shareTicket: 'ticket-2' });
    expect(api.callsTo(OPENS).map((c) => c.body)).toEqual([{ encryptedData: 'ENC2', iv: 'IV2' }]);
  });

  it('reads the group data again when the server cannot read it (a login in between), then counts it without a group', async () => {
    T.getEnterOptionsSync.mockReturnValue({ shareTicket: 'ticket-3' });
    T.getGroupEnterInfo.mockResolvedValueOnce({ encryptedData: 'OLD', iv: 'IV', errMsg: 'ok' }).mockResolvedValueOnce({ encryptedData: 'NEW', iv: 'IV', errMsg: 'ok' });
    const refused = { status: 400, body: { code: 'SHARE_INFO_INVALID', message: '无法读取群信息' } };
    const api = fakeApi({ [OPENS]: (c) => (c.body.encryptedData === 'NEW' ? { status: 200, body: { counted: true, fromGroup: true } } : refused) });
    expect(await reportShareOpen('sh1')).toEqual({ counted: true, fromGroup: true });
    expect(api.callsTo(OPENS).map((c) => c.body.encryptedData)).toEqual(['OLD', 'NEW']);

    T.getGroupEnterInfo.mockResolvedValue({ encryptedData: 'STALE', iv: 'IV', errMsg: 'ok' });
    const api2 = fakeApi({ [OPENS]: (c) => (c.body.encryptedData ? { status: 400, body: { code: 'SHARE_INFO_EXPIRED', message: '过期' } } : { status: 200, body: { counted: true, fromGroup: false } }) });
    expect(await reportShareOpen('sh1')).toEqual({ counted: true, fromGroup: false });
    expect(api2.callsTo(OPENS).map((c) => c.body)).toEqual([{ encryptedData: 'STALE', iv: 'IV' }, {}]);
  });

  it('never throws (the card\'s page opens whatever happens) and does nothing without a share id', async () => {
    fakeApi({ [OPENS]: () => 'network-error' });
    T.getEnterOptionsSync.mockReturnValue({});
    await expect(reportShareOpen('sh1')).resolves.toBeNull();
    await expect(reportShareOpen(undefined)).resolves.toBeNull();
  });
});

describe('share paths', () => {
  it('adds the share id to the card page query', () => {
    expect(sharePath('pages/tips/index', { schoolId: 's 1' }, 'sh1')).toBe('/pages/tips/index?schoolId=s%201&share=sh1');
    expect(sharePath('pages/bind/index', { code: 'DEMO3A01' }, null)).toBe('/pages/bind/index?code=DEMO3A01');
  });
});

describe('pages that are share cards', () => {
  const CARD = { id: 'sch1', name: '阳光实验小学', contact: null, emergencyNumbers: [] };

  it('the binding page opened from a class invite card reports the opening once', async () => {
    routerParams.current = { code: 'DEMO3A01', share: 'sh1' };
    T.getEnterOptionsSync.mockReturnValue({ shareTicket: 'ticket-b' });
    T.getGroupEnterInfo.mockResolvedValue({ encryptedData: 'ENC', iv: 'IV', errMsg: 'ok' });
    const api = fakeApi({ [OPENS]: counted(true) });
    render(<BindBody me={makeMe()} />);
    await waitFor(() => expect(api.callsTo(OPENS).map((c) => c.body)).toEqual([{ encryptedData: 'ENC', iv: 'IV' }]));
  });

  it('the tip-box entry offers its card with the share id, and reports an opening only after the privacy guide', async () => {
    routerParams.current = { schoolId: 'sch1', share: 'sh1' };
    const bound = makeMe({ students: [{ bindingId: 'b1', studentId: 's1', studentName: '王小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', relation: 'mother', status: 'approved', rejectReason: null }] });
    const api = fakeApi({
      'GET /schools/sch1/public': () => ({ status: 200, body: CARD }),
      'POST /shares': () => ({ status: 201, body: { id: 'sh-school', kind: 'school', subjectId: 'sch1' } }),
      [OPENS]: counted(false),
    });
    const view = render(<TipsEntryBody me={bound} privacyAccepted={false} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.calls).toEqual([]);
    view.rerender(<TipsEntryBody me={bound} privacyAccepted />);
    await waitFor(() => expect(api.callsTo(OPENS)).toHaveLength(1));
    await waitFor(() => expect(api.callsTo('POST /shares').map((c) => c.body)).toEqual([{ kind: 'school', subjectId: 'sch1' }]));
    await waitFor(() => expect(shareAppMessage.current?.().path).toBe(`/pages/tips/index?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}&share=sh-school`));
  });
});
