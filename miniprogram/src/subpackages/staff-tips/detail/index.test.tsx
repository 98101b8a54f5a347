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
    overdue: false, closedAt: null, version: 3,
    description: '他们一直叫我外号', when: '昨天', place: 'corridor', placeDetail: '三楼', peopleInvolved: '两个男生', reporterRole: 'victim',
    named: null, filedBy: null, acknowledgedBy: null, outcome: null, measures: null,
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
    fakeApi({ 'GET /tips/t1': () => ({ status: 200, body: tip({ source: 'teacher', filedBy: { userId: 'u-teacher', name: '陈老师' } }) }) });
    render(<StaffTipDetailBody me={teacher} />);
    expect(await screen.findByText('教师转报：陈老师')).toBeTruthy();
    expect(screen.queryByText('受理')).toBeNull();
    expect(screen.queryByText('发送给举报人')).toBeNull();
  });
});
