import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { DeliveryBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const CATALOGUE = [
  { kind: 'delivery.alert', templateId: 't-alert', mode: 'one_time', audiences: ['school_admin'], description: '消息送达出现问题时，通过微信提醒我' },
  { kind: 'test.message', templateId: 't-test', mode: 'one_time', audiences: ['school_admin'], description: '发送测试消息时，通过微信收到它' },
];
const STATS = {
  schoolId: 'sch1', days: 30, since: '2026-10-31T00:00:00.000Z',
  kinds: [{
    kind: 'tip.new', total: 5, wechat: 2, wecomRobot: 0, inboxOnly: 3, undelivered: 0, pending: 0,
    counts: [{ via: 'inbox_only', reason: 'no_consent', count: 2 }, { via: 'wechat', reason: 'one_time', count: 2 }, { via: 'inbox_only', reason: 'wechat_refused', count: 1 }],
  }],
};
const REACH = {
  schoolId: 'sch1', contactReachable: false,
  staff: [{ userId: 'u1', displayName: '张静', roles: ['contact'], alertsOn: false, longTerm: false, credits: 0 }, { userId: 'u2', displayName: '王校长', roles: ['principal'], alertsOn: true, longTerm: false, credits: 2 }],
};

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  clientConfig.platform = 'h5';
  storage.setToken('tok');
});

describe('消息送达 (the school admin\'s delivery page)', () => {
  it('shows per message kind how many went to WeChat, a robot or only the inbox, and why; and whether the contact can be reached', async () => {
    fakeApi({
      'GET /schools/sch1/delivery-alerts': () => ({ status: 200, body: { total: 1, items: [
        { id: 'a1', kind: 'delivery.contact_unreachable', title: '欺凌防治负责人张静收不到新举报的微信提醒', body: '请提醒负责人开启', subjectType: 'school', subjectId: 'sch1', createdAt: '2026-11-29T02:00:00.000Z', resolvedAt: null },
      ] } }),
      'GET /schools/sch1/delivery-stats': () => ({ status: 200, body: STATS }),
      'GET /schools/sch1/reach': () => ({ status: 200, body: REACH }),
      'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }),
      'GET /me/subscriptions': () => ({ status: 200, body: [] }),
    });
    render(<DeliveryBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('新举报提醒（共 5 条）')).toBeTruthy();
    expect(screen.getByText('微信 2 · 群机器人 0 · 仅站内 3')).toBeTruthy();
    expect(screen.getByText('仅站内：接收人未开启微信提醒 2 条')).toBeTruthy();
    expect(screen.getByText('仅站内：微信拒收（没有订阅额度） 1 条')).toBeTruthy();
    expect(await screen.findByText('欺凌防治负责人张静收不到新举报的微信提醒')).toBeTruthy();
    expect(screen.getByText('张静（欺凌防治负责人）：未开启')).toBeTruthy();
    expect(screen.getByText('王校长（校长）：已开启，还可收到 2 次')).toBeTruthy();
    expect(screen.getByText(/欺凌防治负责人现在收不到新举报的微信提醒/)).toBeTruthy();
  });

  it('the test message asks WeChat\'s consent in the tap, then is sent', async () => {
    const api = fakeApi({
      'GET /schools/sch1/delivery-alerts': () => ({ status: 200, body: { total: 0, items: [] } }),
      'GET /schools/sch1/delivery-stats': () => ({ status: 200, body: { ...STATS, kinds: [] } }),
      'GET /schools/sch1/reach': () => ({ status: 200, body: { ...REACH, contactReachable: true } }),
      'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }),
      'GET /me/subscriptions': () => ({ status: 200, body: [] }),
      'POST /me/subscriptions': () => ({ status: 201, body: [] }),
      'POST /schools/sch1/delivery-test': () => ({ status: 202, body: { dedupeKey: 'k' } }),
    });
    render(<DeliveryBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('近 30 天没有消息。')).toBeTruthy();
    expect(screen.getByText('欺凌防治负责人能收到新举报的微信提醒。')).toBeTruthy();
    await waitFor(() => expect(api.callsTo('GET /wechat/templates')).toHaveLength(1));
    await waitFor(() => expect(screen.getByText('给自己发一条测试消息').getAttribute('disabled')).toBeNull());
    fireEvent.click(screen.getByText('给自己发一条测试消息'));
    await waitFor(() => expect(api.callsTo('POST /schools/sch1/delivery-test')).toHaveLength(1));
    expect(api.callsTo('POST /me/subscriptions')[0].body).toEqual({ results: [{ templateId: 't-test', result: 'accept' }] });
    expect((Taro.showModal as any).mock.calls[0][0].content).toContain('发送测试消息时');
  });

  it('tells staff who do not manage the school that the page is not theirs', async () => {
    fakeApi({});
    render(<DeliveryBody me={makeMe({ roles: [role('teacher')] })} />);
    expect(screen.getByText('只有学校管理员和校长可以查看消息送达情况。')).toBeTruthy();
  });
});
