import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { RobotResponse } from '@anxin/shared';
import { RobotsBody, TEST_POLL } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import Taro from '@tarojs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const admin = makeMe({ id: 'u-admin', roles: [role('admin')] });
const robot = (over: Partial<RobotResponse> = {}): RobotResponse => ({
  id: 'r1', schoolId: 'sch1', name: '三年级1班家长群', scope: 'class', scopeId: 'c1', scopeName: '三年级1班', keyMasked: '****a1b2',
  status: 'active', lastResult: null, lastResultAt: null, lastError: null, lastTest: null, createdAt: '2026-11-30T02:00:00.000Z', ...over,
});
const lists = (robots: RobotResponse[], noticesToRobots = false) => ({ status: 200, body: { robots, settings: { noticesToRobots } } });
const common = {
  'GET /schools/sch1/grades': () => ({ status: 200, body: [{ id: 'g3', schoolId: 'sch1', name: '三年级', sort: 3 }] }),
  'GET /schools/sch1/classes': () => ({ status: 200, body: [{ id: 'c1', schoolId: 'sch1', gradeId: 'g3', gradeName: '三年级', name: '1班' }] }),
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  TEST_POLL.everyMs = 5;
});
afterEach(() => {
  TEST_POLL.everyMs = 1500;
});

describe('staff: WeCom group robots', () => {
  it('lists robots with the key masked and the latest result in words', async () => {
    fakeApi({
      ...common,
      'GET /schools/sch1/robots': () => lists([
        robot({ lastResult: 'sent', lastResultAt: '2026-11-30T02:05:00.000Z' }),
        robot({ id: 'r2', name: '全校家长群', scope: 'school', scopeId: null, scopeName: '全校', status: 'broken', lastResult: 'removed', keyMasked: '****9f9f' }),
      ]),
    });
    render(<RobotsBody me={admin} />);
    expect(await screen.findByText('三年级1班家长群')).toBeTruthy();
    expect(screen.getByText('三年级1班 · 密钥 ****a1b2 · 使用中')).toBeTruthy();
    expect(screen.getByText(/^上次发送成功/)).toBeTruthy();
    expect(screen.getByText('全校 · 密钥 ****9f9f · 已失效')).toBeTruthy();
    expect(screen.getByText('机器人已被移除')).toBeTruthy();
  });

  it('switches letters and notices onto the robots (urgent warnings always go) and says what the switch does', async () => {
    const api = fakeApi({
      ...common,
      'GET /schools/sch1/robots': () => lists([robot()]),
      'PUT /schools/sch1/robot-settings': (c) => ({ status: 200, body: { noticesToRobots: c.body.noticesToRobots } }),
    });
    render(<RobotsBody me={admin} />);
    expect(await screen.findByText(/^未开启：只有紧急预警会发到群里/)).toBeTruthy();
    fireEvent.click(screen.getByText('开启'));
    expect(await screen.findByText(/^已开启：发布通知和致家长的一封信时/)).toBeTruthy();
    expect(api.callsTo('PUT /schools/sch1/robot-settings')[0].body).toEqual({ noticesToRobots: true });
  });

  it('registers a class robot from a pasted webhook URL', async () => {
    const api = fakeApi({
      ...common,
      'GET /schools/sch1/robots': () => lists([]),
      'POST /schools/sch1/robots': (c) => ({ status: 201, body: robot({ name: c.body.name }) }),
    });
    render(<RobotsBody me={admin} />);
    expect(await screen.findByText('还没有添加群机器人')).toBeTruthy();
    fireEvent.click(screen.getByText('添加机器人'));
    expect(await screen.findByText('请输入机器人名称，例如 三年级1班家长群')).toBeTruthy();
    fireEvent.change(screen.getByPlaceholderText('例如 三年级1班家长群'), { target: { value: '三年级1班家长群' } });
    fireEvent.click(await screen.findByText('三年级1班'));
    fireEvent.change(screen.getByPlaceholderText('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'), {
      target: { value: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a6b-4c5d-8e9f-0a1b2c3da1b2' },
    });
    fireEvent.click(screen.getByText('添加机器人'));
    await waitFor(() => expect(api.callsTo('POST /schools/sch1/robots')).toHaveLength(1));
    expect(api.callsTo('POST /schools/sch1/robots')[0].body).toEqual({
      name: '三年级1班家长群', scope: 'class', scopeId: 'c1', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a6b-4c5d-8e9f-0a1b2c3da1b2',
    });
    expect(await screen.findByText('三年级1班 · 密钥 ****a1b2 · 使用中')).toBeTruthy();
  });

  it('shows the server\'s refusal of a bad webhook in Chinese', async () => {
    fakeApi({
      ...common,
      'GET /schools/sch1/robots': () => lists([]),
      'POST /schools/sch1/robots': () => ({ status: 400, body: { code: 'ROBOT_WEBHOOK_INVALID', message: '请粘贴企业微信群机器人的 Webhook 地址或其中的 key' } }),
    });
    render(<RobotsBody me={admin} />);
    fireEvent.change(await screen.findByPlaceholderText('例如 三年级1班家长群'), { target: { value: '全校群' } });
    fireEvent.click(screen.getByText('全校'));
    fireEvent.change(screen.getByPlaceholderText('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'), { target: { value: 'https://example.com' } });
    fireEvent.click(screen.getByText('添加机器人'));
    expect(await screen.findByText('请粘贴企业微信群机器人的 Webhook 地址或其中的 key')).toBeTruthy();
  });

  it('the test button queues a message and the page shows its result once the worker has sent it', async () => {
    let reads = 0;
    const api = fakeApi({
      ...common,
      'GET /schools/sch1/robots': () => {
        reads++;
        // Before the test, then queued on the first look after it, sent on the second.
        const lastTest = reads < 2 ? null : { requestedAt: '2026-11-30T02:10:00.000Z', status: reads < 3 ? 'queued' : 'sent', error: null } as const;
        return lists([robot({ lastTest, ...(reads >= 3 ? { lastResult: 'sent', lastResultAt: '2026-11-30T02:10:01.000Z' } : {}) })]);
      },
      'POST /schools/sch1/robots/r1/test': () => ({ status: 202, body: robot({ lastTest: { requestedAt: '2026-11-30T02:10:00.000Z', status: 'queued', error: null } }) }),
    });
    render(<RobotsBody me={admin} />);
    fireEvent.click(await screen.findByText('发送测试消息'));
    expect(await screen.findByText('测试消息排队发送中…')).toBeTruthy();
    expect(await screen.findByText(/^测试消息已发到群里/)).toBeTruthy();
    expect(api.callsTo('POST /schools/sch1/robots/r1/test')).toHaveLength(1);
    // It stops looking once the result is in.
    const after = api.callsTo('GET /schools/sch1/robots').length;
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(api.callsTo('GET /schools/sch1/robots')).toHaveLength(after);
  });

  it('switches a robot off and removes one after confirming', async () => {
    const api = fakeApi({
      ...common,
      'GET /schools/sch1/robots': () => lists([robot()]),
      'PATCH /schools/sch1/robots/r1': (c) => ({ status: 200, body: robot({ status: c.body.enabled ? 'active' : 'disabled' }) }),
      'DELETE /schools/sch1/robots/r1': () => ({ status: 204 }),
    });
    render(<RobotsBody me={admin} />);
    fireEvent.click(await screen.findByText('停用'));
    expect(await screen.findByText('三年级1班 · 密钥 ****a1b2 · 已停用')).toBeTruthy();
    expect(api.callsTo('PATCH /schools/sch1/robots/r1')[0].body).toEqual({ enabled: false });
    fireEvent.click(screen.getByText('删除'));
    await waitFor(() => expect(screen.queryByText('三年级1班家长群')).toBeNull());
    expect((Taro.showModal as jest.Mock).mock.calls).toHaveLength(1);
    expect(api.callsTo('DELETE /schools/sch1/robots/r1')).toHaveLength(1);
  });

  it('a teacher sees that only the admin and principal set robots up, and nothing is requested', async () => {
    const api = fakeApi({});
    render(<RobotsBody me={makeMe({ id: 'u-t', roles: [role('teacher')] })} />);
    expect(screen.getByText('只有学校管理员和校长可以设置群机器人。')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });
});
