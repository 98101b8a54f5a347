import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { TipDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { extraTaro } from '../../tips/tips-test-support';

jest.mock('@tarojs/components', () => require('../../tips/tips-test-support').componentsWithTextarea());
const { StaffTipDetailBody } = require('./index') as typeof import('./index');

const contact = makeMe({ id: 'u-contact', displayName: '张静', roles: [{ role: 'contact', schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] }] });
const teacher = makeMe({ id: 'u-teacher', displayName: '陈老师', roles: [{ role: 'teacher', schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: ['c1'] }] });

function tip(over: Partial<TipDetail> = {}): TipDetail {
  return {
    id: 't1', schoolId: 'sch1', category: 'verbal', status: 'new', source: 'anonymous', urgent: false, inDanger: false, ongoing: false,
    contentFlag: true, severity: null, labels: [], escalationLevel: 'principal', assignee: null,
    submittedAt: '2026-11-29T04:00:00.000Z', ackDueAt: '2099-11-29T07:00:00.000Z', acknowledgedAt: null, investigationDueAt: null,
    overdue: false, closedAt: null, version: 3, isTest: false,
    description: '他们一直叫我外号', when: '昨天', place: 'corridor', placeDetail: '三楼', peopleInvolved: '两个男生', reporterRole: 'victim',
    named: null, filedBy: null, acknowledgedBy: null, decision: null, decidedAt: null, outcome: null, measures: null,
    reporterOutcome: null, reopenedAt: null, reopenings: [], can: { handle: true, named: true },
    attachments: [{ id: 'a1', mime: 'image/jpeg', size: 100, width: 16, height: 16 }],
    messages: [], reports: [],
    timeline: [{ at: '2026-11-29T04:00:00.000Z', action: 'tip.received', actor: null, details: {} }],
    ...over,
  };
}

let t: ReturnType<typeof extraTaro>;
beforeEach(() => {
  resetTaro();
  t = extraTaro();
  t.downloadFile.mockImplementation(async () => ({ statusCode: 200, tempFilePath: 'blob:photo-1' }));
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  routerParams.current = { id: 't1' };
});

describe('staff tip page', () => {
  it('shows the case: content, 内容需关注, escalation, deadline countdown; the photo through the session', async () => {
    fakeApi({ 'GET /tips/t1': () => ({ status: 200, body: tip() }) });
    render(<StaffTipDetailBody me={contact} />);
    expect(await screen.findByText('他们一直叫我外号')).toBeTruthy();
    expect(screen.getAllByText('内容需关注').length).toBeGreaterThan(0);
    expect(screen.getByText('升级：已升级至校长')).toBeTruthy();
    expect(screen.getByText('地点：走廊/楼梯，三楼')).toBeTruthy();
    expect(screen.getByText(/^还剩/)).toBeTruthy();
    await waitFor(() => expect(document.querySelector('img.staff-photo')?.getAttribute('src')).toBe('blob:photo-1'));
    expect(t.downloadFile.mock.calls[0][0]).toEqual({ url: '/api/v1/tips/t1/attachments/a1', header: { Authorization: 'Bearer tok' } });
  });

  it('a test tip says 测试 and who sent it, and that it counts nowhere', async () => {
    fakeApi({ 'GET /tips/t1': () => ({ status: 200, body: tip({ isTest: true, contentFlag: false, category: 'other', description: '【测试】由学校管理员发起的测试举报' }) }) });
    render(<StaffTipDetailBody me={contact} />);
    expect(await screen.findByText('测试')).toBeTruthy();
    expect(screen.getByText('由学校管理员发起的测试')).toBeTruthy();
    expect(screen.getByText(/^测试举报：.*不计入任何统计/)).toBeTruthy();
  });

  it('a real tip has no 测试 mark', async () => {
    fakeApi({ 'GET /tips/t1': () => ({ status: 200, body: tip() }) });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    expect(screen.queryByText('测试')).toBeNull();
    expect(screen.getByText('匿名')).toBeTruthy();
  });

  it('受理 with a first message, then reply to the reporter', async () => {
    const acked = tip({ status: 'acknowledged', version: 4, acknowledgedBy: { userId: 'u-contact', name: '张静' }, acknowledgedAt: '2026-11-29T05:00:00.000Z' });
    let acknowledged = false;
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: acknowledged ? acked : tip() }),
      'POST /tips/t1/ack': () => {
        acknowledged = true;
        return { status: 200, body: acked };
      },
      'POST /tips/t1/messages': (c) => ({ status: 201, body: { id: 'm1', from: 'school', author: { userId: 'u-contact', name: '张静' }, body: c.body.body, at: '2026-11-29T05:01:00.000Z' } }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    fireEvent.change(document.querySelector('input.ack-message')!, { target: { value: '已收到' } });
    fireEvent.click(screen.getByText('受理'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/ack')).toHaveLength(1));
    expect(api.callsTo('POST /tips/t1/ack')[0].body).toEqual({ message: '已收到' });
    expect(await screen.findByText(/受理：张静/)).toBeTruthy();
    fireEvent.change(document.querySelector('textarea.staff-reply')!, { target: { value: '请放心' } });
    fireEvent.click(screen.getByText('发送给举报人'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/messages')).toHaveLength(1));
    expect(api.callsTo('POST /tips/t1/messages')[0].body).toEqual({ body: '请放心' });
  });

  it('offers only the allowed transitions; closing needs the outcome report', async () => {
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ status: 'confirmed', version: 7 }) }),
      'PATCH /tips/t1': (c) => ({ status: 200, body: tip({ status: 'closed', version: 8, outcome: c.body.outcome }) }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    expect(screen.queryByText('改为「调查中」')).toBeNull();
    fireEvent.click(screen.getByText('改为「已结案」'));
    fireEvent.click(screen.getByText('确认改为「已结案」'));
    expect(screen.getByText('结案前请填写处理结果（结案报告）')).toBeTruthy();
    expect(api.callsTo('PATCH /tips/t1')).toHaveLength(0);
    fireEvent.change(document.querySelector('textarea.outcome-input')!, { target: { value: '已约谈双方家长，当事学生道歉' } });
    fireEvent.click(screen.getByText('确认改为「已结案」'));
    await waitFor(() => expect(api.callsTo('PATCH /tips/t1')).toHaveLength(1));
    expect(api.callsTo('PATCH /tips/t1')[0].body).toEqual({ version: 7, status: 'closed', outcome: '已约谈双方家长，当事学生道歉' });
  });

  it('409: someone else changed it first — the page says so and shows the fresh state', async () => {
    let gets = 0;
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ status: 'acknowledged', version: ++gets === 1 ? 4 : 5, labels: gets === 1 ? [] : ['他人修改'] }) }),
      'PATCH /tips/t1': () => ({ status: 409, body: { code: 'TIP_VERSION_CONFLICT', message: '这条举报刚刚被其他老师修改过，请刷新后再操作' } }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    fireEvent.click(screen.getByText('改为「调查中」'));
    fireEvent.click(screen.getByText('确认改为「调查中」'));
    expect(await screen.findByText('这条举报刚刚被其他老师修改过，已为你刷新为最新内容。请确认后再操作。')).toBeTruthy();
    expect(api.callsTo('PATCH /tips/t1')[0].body).toEqual({ version: 4, status: 'investigating' });
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '有人刚刚修改了这条举报', showCancel: false })));
    await waitFor(() => expect(api.callsTo('GET /tips/t1')).toHaveLength(2));
    await waitFor(() => expect((document.querySelector('input.labels-input') as HTMLInputElement).value).toBe('他人修改'));
    // The choice starts over on the fresh case; the message stays beside the status card.
    expect(screen.queryByText('确认改为「调查中」')).toBeNull();
    expect(document.querySelector('.status-card .action-error')?.textContent).toBe('这条举报刚刚被其他老师修改过，已为你刷新为最新内容。请确认后再操作。');
  });

  it('续报 is recorded with recipient and content', async () => {
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ status: 'investigating' }) }),
      'POST /tips/t1/reports': (c) => ({ status: 201, body: { id: 'r1', reportedAt: '2026-11-29T06:00:00.000Z', by: { userId: 'u-contact', name: '张静' }, ...c.body } }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    fireEvent.click(screen.getByText('新增续报'));
    fireEvent.change(document.querySelector('textarea.report-content')!, { target: { value: '电话报告区教育局安全科' } });
    fireEvent.click(screen.getByText('记录续报'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/reports')).toHaveLength(1));
    expect(api.callsTo('POST /tips/t1/reports')[0].body).toEqual({ recipient: '区教育局', content: '电话报告区教育局安全科' });
  });

  it('hand-over: lists the colleagues the server offers (not the current assignee) and hands the case over', async () => {
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ status: 'investigating', assignee: { userId: 'u-c', name: '赵敏' } }) }),
      'GET /tips/t1/assignees': () => ({ status: 200, body: [
        { userId: 'u-p', name: '李校长', roles: ['principal'] },
        { userId: 'u-c', name: '赵敏', roles: ['committee'] },
      ] }),
      'PATCH /tips/t1': () => ({ status: 200, body: tip({ status: 'investigating', assignee: { userId: 'u-p', name: '李校长' } }) }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    fireEvent.click(screen.getByText('选择转交对象'));
    fireEvent.click(await screen.findByText('李校长'));
    await waitFor(() => expect(api.callsTo('PATCH /tips/t1')).toHaveLength(1));
    expect(api.callsTo('PATCH /tips/t1')[0].body).toEqual({ version: 3, assigneeUserId: 'u-p' });
    expect(api.callsTo('GET /tips/t1/assignees')).toHaveLength(1);
  });

  it('a teacher (read only) sees the case they filed without the handling controls', async () => {
    fakeApi({ 'GET /tips/t1': () => ({ status: 200, body: tip({ source: 'teacher', filedBy: { userId: 'u-teacher', name: '陈老师' }, can: { handle: false, named: false } }) }) });
    render(<StaffTipDetailBody me={teacher} />);
    expect(await screen.findByText('教师转报：陈老师')).toBeTruthy();
    expect(screen.queryByText('受理')).toBeNull();
    expect(screen.queryByText('发送给举报人')).toBeNull();
  });

  it('a closed case: shows the finding, 已采取措施, the outcome and what the reporter was told; can still reply; reopens with a reason', async () => {
    const closed = tip({
      status: 'closed', version: 9, decision: 'confirmed', decidedAt: '2026-12-01T02:00:00.000Z', closedAt: '2026-12-02T02:00:00.000Z',
      outcome: '已约谈双方家长', measures: '调整座位，班主任每周回访', reporterOutcome: '学校已处理，并会持续关注。',
      messages: [{ id: 'm9', from: 'reporter', author: null, body: '他们又开始了', at: '2026-12-03T02:00:00.000Z' }],
    });
    const reopened = tip({
      status: 'investigating', version: 10, reopenedAt: '2026-12-03T03:00:00.000Z', investigationDueAt: '2099-12-18T03:00:00.000Z',
      reopenings: [{ id: 'r1', at: '2026-12-03T03:00:00.000Z', by: { userId: 'u-contact', name: '张静' }, reason: '举报人说又发生了' }],
    });
    let isReopened = false;
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: isReopened ? reopened : closed }),
      'POST /tips/t1/messages': (c) => ({ status: 201, body: { id: 'm10', from: 'school', author: { userId: 'u-contact', name: '张静' }, body: c.body.body, at: '2026-12-03T02:30:00.000Z' } }),
      'POST /tips/t1/reopen': () => {
        isReopened = true;
        return { status: 200, body: reopened };
      },
    });
    render(<StaffTipDetailBody me={contact} />);
    expect(await screen.findByText('调查结论：已认定欺凌（2026-12-01 10:00）')).toBeTruthy();
    expect(screen.getByText('已约谈双方家长')).toBeTruthy();
    expect(screen.getByText('调整座位，班主任每周回访')).toBeTruthy();
    expect(screen.getByText('学校已处理，并会持续关注。')).toBeTruthy();
    expect(screen.getByText(/此案已结案，举报人之后又留了言。/)).toBeTruthy();
    fireEvent.change(document.querySelector('textarea.staff-reply')!, { target: { value: '收到，我们马上处理' } });
    fireEvent.click(screen.getByText('发送给举报人'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/messages')).toHaveLength(1));

    fireEvent.click(screen.getByText('重新打开案件', { selector: '.open-reopen, .open-reopen *' }));
    fireEvent.click(screen.getByText('确认重新打开'));
    // The reason is required: said beside the button, nothing sent.
    const beside = document.querySelector('.reopen-card .action-error');
    expect(beside?.textContent).toBe('请写明重新打开的原因');
    expect(api.callsTo('POST /tips/t1/reopen')).toHaveLength(0);
    fireEvent.change(document.querySelector('textarea.reopen-reason')!, { target: { value: '举报人说又发生了' } });
    fireEvent.click(screen.getByText('确认重新打开'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/reopen')).toHaveLength(1));
    expect(api.callsTo('POST /tips/t1/reopen')[0].body).toEqual({ version: 9, reason: '举报人说又发生了' });
    expect(await screen.findByText('重新打开：2026-12-03 11:00 · 张静：举报人说又发生了')).toBeTruthy();
    expect(screen.getByText('改为「已认定欺凌」')).toBeTruthy();
  });

  it('closing can tell the reporter an outcome; it is sent only with the closing', async () => {
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ status: 'not_bullying', version: 5, outcome: '调查后认为是同学间误会' }) }),
      'PATCH /tips/t1': () => ({ status: 200, body: tip({ status: 'closed', version: 6 }) }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    fireEvent.click(screen.getByText('改为「已结案」'));
    fireEvent.change(document.querySelector('textarea.reporter-outcome-input')!, { target: { value: '学校已了解情况并与双方谈话。' } });
    fireEvent.click(screen.getByText('确认改为「已结案」'));
    await waitFor(() => expect(api.callsTo('PATCH /tips/t1')).toHaveLength(1));
    expect(api.callsTo('PATCH /tips/t1')[0].body).toEqual({ version: 5, status: 'closed', reporterOutcome: '学校已了解情况并与双方谈话。' });
  });

  it('an error appears beside the button that caused it, not at the top of the page', async () => {
    fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ status: 'investigating', version: 4 }) }),
      'POST /tips/t1/reports': () => ({ status: 422, body: { code: 'VALIDATION_FAILED', message: '报告时间不能晚于现在' } }),
      'PATCH /tips/t1': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '你不是这条举报的经办人' } }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    fireEvent.click(screen.getByText('新增续报'));
    fireEvent.change(document.querySelector('textarea.report-content')!, { target: { value: '电话报告' } });
    fireEvent.click(screen.getByText('记录续报'));
    await waitFor(() => expect(document.querySelector('.onward-reports .action-error')?.textContent).toBe('报告时间不能晚于现在'));
    fireEvent.click(screen.getByText('保存标签'));
    await waitFor(() => expect(document.querySelector('.case-info .action-error')?.textContent).toBe('你不是这条举报的经办人'));
    // Each message sits in the card of its own button, and nothing is toasted.
    expect(document.querySelectorAll('.action-error')).toHaveLength(2);
    expect(Taro.showToast).not.toHaveBeenCalledWith(expect.objectContaining({ title: '报告时间不能晚于现在' }));
  });

  it('the history groups repeated reads per person: “张静 查看了举报内容 3 次”', async () => {
    const view = (at: string, actor: string) => ({ at, action: 'tip.viewed', actor, details: {} });
    fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip({ timeline: [
        { at: '2026-11-29T04:00:00.000Z', action: 'tip.received', actor: null, details: {} },
        view('2026-11-29T04:10:00.000Z', '张静'), view('2026-11-29T04:20:00.000Z', '李校长'), view('2026-11-29T04:30:00.000Z', '张静'),
        view('2026-11-29T04:40:00.000Z', '张静'),
        { at: '2026-11-29T05:00:00.000Z', action: 'tip.acknowledged', actor: '张静', details: {} },
        view('2026-11-29T05:10:00.000Z', '张静'),
      ] }) }),
    });
    render(<StaffTipDetailBody me={contact} />);
    expect(await screen.findByText('张静 查看了举报内容 3 次')).toBeTruthy();
    expect(screen.getByText('最近 2026-11-29 12:40')).toBeTruthy();
    const lines = [...document.querySelectorAll('.timeline .row-main > .p')].map((e) => e.textContent);
    expect(lines).toEqual(['收到举报', '查看了举报内容', '张静 查看了举报内容 3 次', '受理', '查看了举报内容']);
  });

  it('acknowledging with few tip alerts left asks once, in the same tap, to allow more (the h5 build simulates the dialog)', async () => {
    clientConfig.platform = 'h5';
    const catalogue = [
      { kind: 'tip.new', templateId: 't-new', mode: 'one_time', audiences: ['alerting_staff'], description: '有新的欺凌举报时，通过微信提醒我' },
      { kind: 'tip.escalated', templateId: 't-esc', mode: 'one_time', audiences: ['alerting_staff'], description: '升级提醒' },
      { kind: 'tip.reminder', templateId: 't-rem', mode: 'one_time', audiences: ['alerting_staff'], description: '期限提醒' },
    ];
    const state = (credits: number) => [{ kind: 'tip.new', templateId: 't-new', mode: 'one_time', on: credits > 0, longTerm: false, credits, lastStatus: 'accept' }];
    let acked = false;
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: acked ? tip({ status: 'acknowledged', version: 4 }) : tip() }),
      'GET /wechat/templates': () => ({ status: 200, body: catalogue }),
      'GET /me/subscriptions': () => ({ status: 200, body: state(1) }),
      'POST /me/subscriptions': () => ({ status: 201, body: state(2) }),
      'POST /tips/t1/ack': () => {
        acked = true;
        return { status: 200, body: tip({ status: 'acknowledged', version: 4 }) };
      },
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    await waitFor(() => expect(api.callsTo('GET /me/subscriptions')).toHaveLength(1));
    await waitFor(() => expect(api.callsTo('GET /wechat/templates')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 0));
    fireEvent.click(screen.getByText('受理'));
    // The dialog opened in the tap itself (before the acknowledgement came back).
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '订阅消息（模拟微信授权）' }));
    expect(await screen.findByText('新举报提醒：还可收到 2 次。')).toBeTruthy();
    expect(api.callsTo('POST /tips/t1/ack')).toHaveLength(1);
    expect(api.callsTo('POST /me/subscriptions')[0].body.results.map((r: any) => r.templateId)).toEqual(['t-new', 't-esc', 't-rem']);
  });

  it('acknowledging with enough tip alerts left asks nothing', async () => {
    clientConfig.platform = 'h5';
    const api = fakeApi({
      'GET /tips/t1': () => ({ status: 200, body: tip() }),
      'GET /wechat/templates': () => ({ status: 200, body: [{ kind: 'tip.new', templateId: 't-new', mode: 'one_time', audiences: [], description: 'x' }] }),
      'GET /me/subscriptions': () => ({ status: 200, body: [{ kind: 'tip.new', templateId: 't-new', mode: 'one_time', on: true, longTerm: false, credits: 5, lastStatus: 'accept' }] }),
      'POST /tips/t1/ack': () => ({ status: 200, body: tip({ status: 'acknowledged', version: 4 }) }),
    });
    render(<StaffTipDetailBody me={contact} />);
    await screen.findByText('他们一直叫我外号');
    await waitFor(() => expect(api.callsTo('GET /me/subscriptions')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 0));
    fireEvent.click(screen.getByText('受理'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/ack')).toHaveLength(1));
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(api.callsTo('POST /me/subscriptions')).toHaveLength(0);
  });
});
