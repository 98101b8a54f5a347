import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { privacyAcceptedStore } from '../../state/privacy';
import { cachedSchoolCard, saveSchoolCard } from '../../state/school-card';
import { sessionStore } from '../../state/session';
import { fakeApi, makeMe } from '../../../test/fake-api';
import { resetTaro, routerParams } from '../../../test/stubs/taro';
import TipsPage, { TipsEntryBody } from './index';
import { rememberedSchool } from './tip-school';

const CARD = { id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' }, emergencyNumbers: [{ name: '报警电话', number: '110' }, { name: '青少年维权热线', number: '12355' }] };
const guardian = makeMe({
  students: [{ bindingId: 'b1', studentId: 's1', studentName: '王小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', relation: 'mother', status: 'approved', rejectReason: null }],
});
const student = makeMe({ displayName: '小明同学' });

beforeEach(() => {
  resetTaro();
  (Taro as any).pageScrollTo = () => Promise.resolve();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('倾诉信箱 entry', () => {
  it('states what anonymity means, truthfully, and opens the form or the follow-up for the school', async () => {
    fakeApi({ 'GET /schools/sch1/public': () => ({ status: 200, body: CARD }) });
    render(<TipsEntryBody me={guardian} />);
    expect(screen.getByText('· 学校看不到你是谁：举报里不记录你的微信账号、手机号、IP 地址或设备信息。')).toBeTruthy();
    expect(screen.getByText('· 微信知道你使用了本小程序（这由微信平台决定，我们无法改变）。')).toBeTruthy();
    expect(screen.getByText(/你可以选择留下姓名和联系方式/)).toBeTruthy();
    expect(await screen.findByText('张静')).toBeTruthy();
    fireEvent.click(screen.getByText('我要倾诉/举报'));
    const q = `?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}`;
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/tips/form/index${q}` });
    fireEvent.click(screen.getByText('我有回执码（查看学校回复）'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/tips/followup/index${q}` });
  });

  it('我现在有危险: the emergency screen at once (before the school card arrives), tap to call, then the report marked inDanger', async () => {
    let answer: (v: unknown) => void = () => undefined;
    (Taro.request as any).mockImplementation(() => new Promise((r) => { answer = r; }));
    render(<TipsEntryBody me={guardian} />);
    fireEvent.click(screen.getByText('我现在有危险'));
    expect(screen.getByText('先保护好自己')).toBeTruthy();
    fireEvent.click(screen.getByText('报警电话 110'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '110' });
    fireEvent.click(screen.getByText('青少年维权热线 12355'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12355' });
    answer({ statusCode: 200, data: CARD });
    const contact = await screen.findByText('学校欺凌防治负责人 张静 010-62345678');
    fireEvent.click(contact);
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '010-62345678' });
    fireEvent.click(screen.getByText('继续填写举报'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/subpackages/tips/form/index?schoolId=sch1&schoolName=${encodeURIComponent('阳光实验小学')}&inDanger=1` });
    fireEvent.click(screen.getByText('返回'));
    expect(screen.getByText('倾诉信箱')).toBeTruthy();
  });

  it('no school known (a student): finds it with the class invite code and remembers it on the device', async () => {
    const api = fakeApi({
      'GET /invite-codes/DEMO3A01/lookup': () => ({ status: 200, body: { schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', students: [] } }),
      'GET /schools/sch1/public': () => ({ status: 200, body: CARD }),
    });
    render(<TipsEntryBody me={student} />);
    expect(screen.queryByText('我要倾诉/举报')).toBeNull();
    expect(screen.getByText('报警电话 110')).toBeTruthy();
    fireEvent.change(document.querySelector('input.school-code-input')!, { target: { value: 'demo 3a01' } });
    fireEvent.click(screen.getByText('查找学校'));
    expect(await screen.findByText('学校：阳光实验小学')).toBeTruthy();
    expect(rememberedSchool()).toEqual({ id: 'sch1', name: '阳光实验小学' });
    expect(api.callsTo('GET /invite-codes/DEMO3A01/lookup')).toHaveLength(1);
    await waitFor(() => expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(1));
  });

  it('a wrong invite code shows the server’s message', async () => {
    fakeApi({ 'GET /invite-codes/XXXX1111/lookup': () => ({ status: 404, body: { code: 'INVITE_CODE_INVALID', message: '邀请码无效' } }) });
    render(<TipsEntryBody me={student} />);
    fireEvent.change(document.querySelector('input.school-code-input')!, { target: { value: 'xxxx1111' } });
    fireEvent.click(screen.getByText('查找学校'));
    expect(await screen.findByText('邀请码无效')).toBeTruthy();
  });

  it('uses ?schoolId= when given', async () => {
    routerParams.current = { schoolId: 'sch2', schoolName: encodeURIComponent('明德实验中学') };
    fakeApi({ 'GET /schools/sch2/public': () => ({ status: 200, body: { ...CARD, id: 'sch2', name: '明德实验中学' } }) });
    render(<TipsEntryBody me={guardian} />);
    expect(await screen.findByText('学校：明德实验中学')).toBeTruthy();
  });
});

describe('倾诉信箱 with no session and no network', () => {
  const NO_NETWORK = '没有网络，暂时无法显示学校欺凌防治负责人的电话。请先拨打上面的号码，或马上找身边的老师、家长。';

  it('a cold start at the danger screen, offline, no session: 110, 12355 and the contact seen before, with when it was saved', async () => {
    saveSchoolCard(CARD, new Date('2026-11-30T08:10:00.000Z'));
    storage.setToken(null);
    routerParams.current = { danger: '1' };
    const api = fakeApi({ 'GET /schools/sch1/public': () => 'network-error' });
    render(<TipsEntryBody me={null} />);
    expect(screen.getByText('先保护好自己')).toBeTruthy();
    fireEvent.click(screen.getByText('报警电话 110'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '110' });
    fireEvent.click(screen.getByText('青少年维权热线 12355'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12355' });
    // The device's copy at once; once the server cannot be reached, a quiet note says how old it is (China time).
    fireEvent.click(screen.getByText('学校欺凌防治负责人 张静 010-62345678'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '010-62345678' });
    expect(await screen.findByText('离线显示，上次更新于 2026-11-30 16:10')).toBeTruthy();
    expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(3);
    expect(api.calls.filter((c) => c.path.startsWith('/auth/'))).toHaveLength(0);
  });

  it('a school never seen on this device, offline: 110 and 12355, and the contact is said to be unavailable', async () => {
    routerParams.current = { schoolId: 'sch1', danger: '1' };
    fakeApi({ 'GET /schools/sch1/public': () => 'network-error' });
    render(<TipsEntryBody me={null} />);
    expect(screen.getByText('报警电话 110')).toBeTruthy();
    expect(screen.getByText('青少年维权热线 12355')).toBeTruthy();
    expect(screen.getByText('正在获取学校欺凌防治负责人的电话…')).toBeTruthy();
    expect(await screen.findByText(NO_NETWORK)).toBeTruthy();
    expect(screen.queryByText(/学校欺凌防治负责人 张静/)).toBeNull();
  });

  it('the card seen here is kept on the device, and replaces an older copy', async () => {
    saveSchoolCard({ ...CARD, contact: { name: '旧负责人', phone: '010-00000000' } }, new Date('2026-11-01T00:00:00.000Z'));
    routerParams.current = { schoolId: 'sch1' };
    fakeApi({ 'GET /schools/sch1/public': () => ({ status: 200, body: CARD }) });
    render(<TipsEntryBody me={null} />);
    expect(await screen.findByText('张静')).toBeTruthy();
    expect(screen.queryByText('旧负责人')).toBeNull();
    expect(screen.queryByText(/离线显示/)).toBeNull();
    expect(cachedSchoolCard('sch1')?.card.contact).toEqual({ name: '张静', phone: '010-62345678' });
  });

  it('before the privacy guide is agreed to: 我现在有危险 and the numbers come first, the guide after, and nothing is sent', () => {
    routerParams.current = { schoolId: 'sch1' };
    const api = fakeApi({});
    render(<TipsEntryBody me={null} privacyAccepted={false} />);
    expect(screen.getByText('用户隐私保护指引')).toBeTruthy();
    expect(screen.getByText('报警电话 110')).toBeTruthy();
    expect(screen.queryByText('我要倾诉/举报')).toBeNull();
    fireEvent.click(screen.getByText('我现在有危险'));
    expect(screen.getByText('先保护好自己')).toBeTruthy();
    expect(screen.getByText('青少年维权热线 12355')).toBeTruthy();
    expect(screen.getByText('同意隐私保护指引后，这里会显示学校欺凌防治负责人的电话。')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });

  it('the page does not wait for a login: it renders at once while logging in fails', async () => {
    storage.setToken(null);
    storage.setPrivacyAccepted(PRIVACY_GUIDE_VERSION);
    privacyAcceptedStore.set(true);
    sessionStore.set({ me: null, loading: false, error: null, signedOut: false });
    routerParams.current = { schoolId: 'sch1' };
    const api = fakeApi({
      'POST /auth/dev': () => 'network-error',
      'GET /schools/sch1/public': () => ({ status: 200, body: CARD }),
    });
    render(<TipsPage />);
    expect(screen.getByText('我现在有危险')).toBeTruthy();
    expect(screen.getByText('倾诉信箱')).toBeTruthy();
    expect(await screen.findByText('张静')).toBeTruthy();
    await waitFor(() => expect(sessionStore.get().error).toBe('网络连接失败，请检查网络后重试'));
    expect(api.callsTo('POST /auth/dev')).toHaveLength(1);
    expect(screen.queryByText('重试')).toBeNull();
    expect(screen.getByText('我要倾诉/举报')).toBeTruthy();
  });
});
