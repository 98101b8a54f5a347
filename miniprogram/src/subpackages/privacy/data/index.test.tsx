import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { CHILD_DATA_CONSENT_VERSION, CHILD_RULES, PRIVACY_POLICY, type MyDataBinding, type MyDataResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe, type Call } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { MyDataBody } from './index';

const binding = (over: Partial<MyDataBinding> = {}): MyDataBinding => ({
  id: 'b1', studentId: 's1', studentName: '王小明', schoolName: '阳光实验小学', className: '三年级1班', relation: 'mother', relationLabel: '母亲',
  status: 'approved', createdAt: '2026-09-01T02:00:00.000Z', decidedAt: '2026-09-01T03:00:00.000Z', rejectReason: null, ...over,
});

const data = (over: Partial<MyDataResponse> = {}): MyDataResponse => ({
  generatedAt: '2026-12-01T02:00:00.000Z',
  profile: { id: 'u-guardian', displayName: '刘女士', createdOn: '2026-09-01' },
  bindings: [binding()],
  students: [{ id: 's1', name: '王小明', studentNo: '2026001', gender: '男', schoolName: '阳光实验小学', className: '三年级1班' }],
  consents: [{ kind: 'child_data', kindLabel: '孩子信息处理同意', version: CHILD_DATA_CONSENT_VERSION, studentName: '王小明', givenOn: '2026-09-01' }],
  noticeReceipts: [{
    id: 'r1', noticeTitle: '致家长的一封信', schoolName: '阳光实验小学', students: ['王小明'], readOn: '2026-10-08', confirmedOn: null, signedOn: '2026-10-08',
    answeredOn: '2026-10-08', answerChoices: ['参加'], answerText: null, signature: 'data:image/png;base64,iVBORw0KGgo=',
  }],
  pledgeSignatures: [{
    id: 'p1', schoolYear: '2026-2027', schoolName: '阳光实验小学', studentName: '王小明', relationLabel: '母亲', versionNumber: 2, signedOn: '2026-09-20',
    guardianSignature: 'data:image/png;base64,iVBORw0KGgo=', studentSignature: null,
  }],
  inbox: [{ title: '绑定已通过', body: '…', createdAt: '2026-09-01T03:00:00.000Z', readOn: null }],
  sessions: [{ kind: 'wechat', deviceLabel: '微信小程序', createdOn: '2026-11-30', active: true }],
  staffVisible: [{ where: '班级的家长名单', shows: '您的称呼和与孩子的关系' }],
  notIncluded: ['匿名倾诉/举报：不属于任何账号'],
  ...over,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('我的数据', () => {
  it('shows every kind of record, with Shanghai times and both policies with their version', async () => {
    fakeApi({ 'GET /me/data': () => ({ status: 200, body: data() }) });
    render(<MyDataBody me={makeMe()} />);
    expect(await screen.findByText('刘女士，', { exact: false })).toBeTruthy();
    // 02:00 UTC is 10:00 in Shanghai.
    expect(screen.getByText(/2026-12-01 10:00 生成/)).toBeTruthy();
    expect(screen.getAllByText('王小明 · 阳光实验小学 三年级1班')).toHaveLength(2);
    expect(screen.getByText('已绑定')).toBeTruthy();
    expect(screen.getByText(`版本 ${CHILD_DATA_CONSENT_VERSION} · 2026-09-01 同意`)).toBeTruthy();
    expect(screen.getByText('2026-10-08 阅读 · 2026-10-08 签字 · 2026-10-08 回答')).toBeTruthy();
    expect(screen.getByText('回答：参加')).toBeTruthy();
    expect(screen.getByText('2026-2027 学年 · 王小明（母亲签）')).toBeTruthy();
    expect(screen.getByText('2026-09-01 11:00 · 未读')).toBeTruthy();
    expect(screen.getByText('2026-11-30 登录 · 有效')).toBeTruthy();
    expect(screen.getByText('匿名倾诉/举报：不属于任何账号')).toBeTruthy();
    expect(screen.getAllByText(`版本 ${PRIVACY_POLICY.version}`)).toHaveLength(2);
    expect(PRIVACY_POLICY.version).toBe(CHILD_RULES.version);
    fireEvent.click(screen.getByText(CHILD_RULES.title));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/privacy/policy/index?doc=child_rules' });
    fireEvent.click(screen.getByText('注销账号'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/privacy/delete/index' });
  });

  it('corrects the relation and the display name, and reloads what is shown', async () => {
    let relation: MyDataBinding['relation'] = 'mother';
    let name = '刘女士';
    const api = fakeApi({
      'GET /me/data': () => ({ status: 200, body: data({ bindings: [binding({ relation, relationLabel: relation === 'mother' ? '母亲' : '祖父母/外祖父母' })], profile: { id: 'u', displayName: name, createdOn: '2026-09-01' } }) }),
      'PATCH /me/bindings/b1': (c: Call) => {
        relation = c.body.relation;
        return { status: 200, body: {} };
      },
      'PATCH /me/profile': (c: Call) => {
        name = c.body.displayName;
        return { status: 200, body: { displayName: name } };
      },
      'GET /me': () => ({ status: 200, body: makeMe() }),
    });
    render(<MyDataBody me={makeMe()} />);
    fireEvent.click(await screen.findByText('更正关系'));
    fireEvent.click(screen.getByText('祖父母/外祖父母'));
    expect(await screen.findByText('您是孩子的祖父母/外祖父母', { exact: false })).toBeTruthy();
    expect(api.callsTo('PATCH /me/bindings/b1')[0].body).toEqual({ relation: 'grandparent' });

    fireEvent.click(screen.getByText('修改称呼'));
    fireEvent.change(document.querySelector('.pv-display-name')!, { target: { value: '  刘芳  ' } });
    fireEvent.click(screen.getByText('保存'));
    expect(await screen.findByText('称呼：刘芳')).toBeTruthy();
    expect(api.callsTo('PATCH /me/profile')[0].body).toEqual({ displayName: '刘芳' });
  });

  it('withdraws consent after saying what it means; a suspended child can be consented again with the current version', async () => {
    let status: MyDataBinding['status'] = 'approved';
    const api = fakeApi({
      'GET /me/data': () => ({ status: 200, body: data({ bindings: [binding({ status })] }) }),
      'POST /me/bindings/b1/withdraw-consent': () => {
        status = 'suspended';
        return { status: 200, body: {} };
      },
      'POST /me/bindings/b1/consent': () => {
        status = 'pending';
        return { status: 200, body: {} };
      },
      'GET /me': () => ({ status: 200, body: makeMe() }),
    });
    render(<MyDataBody me={makeMe()} />);
    fireEvent.click(await screen.findByText('撤回同意'));
    expect(screen.getByText(/班主任会收到提醒/)).toBeTruthy();
    expect(api.callsTo('POST /me/bindings/b1/withdraw-consent')).toHaveLength(0);
    fireEvent.click(screen.getByText('确认撤回同意'));
    expect(await screen.findByText('已撤回同意')).toBeTruthy();
    expect(screen.queryByText('更正关系')).toBeNull();

    fireEvent.click(screen.getByText('重新同意'));
    const submit = screen.getByText('重新同意并提交审核').closest('button')!;
    expect(submit.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(submit);
    expect(await screen.findByText('待班主任审核')).toBeTruthy();
    expect(api.callsTo('POST /me/bindings/b1/consent')[0].body).toEqual({ consentVersion: CHILD_DATA_CONSENT_VERSION });
  });

  it('a refused action says why and changes nothing on the page', async () => {
    fakeApi({
      'GET /me/data': () => ({ status: 200, body: data() }),
      'POST /me/bindings/b1/withdraw-consent': () => ({ status: 409, body: { code: 'BINDING_STATE_INVALID', message: '这个绑定现在不能撤回同意' } }),
    });
    render(<MyDataBody me={makeMe()} />);
    fireEvent.click(await screen.findByText('撤回同意'));
    fireEvent.click(screen.getByText('确认撤回同意'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '这个绑定现在不能撤回同意' })));
    expect(screen.getByText('已绑定')).toBeTruthy();
  });
});
