import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { StaffHomeBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const CATALOGUE = [
  { kind: 'tip.new', templateId: 't-new', mode: 'one_time', audiences: ['alerting_staff'], description: '有新的欺凌举报时，通过微信提醒我' },
  { kind: 'tip.escalated', templateId: 't-esc', mode: 'one_time', audiences: ['alerting_staff'], description: '升级提醒' },
  { kind: 'tip.reminder', templateId: 't-rem', mode: 'one_time', audiences: ['alerting_staff'], description: '期限提醒' },
];
const state = (credits: number) => [{ kind: 'tip.new', templateId: 't-new', mode: 'one_time', on: credits > 0, longTerm: false, credits, lastStatus: credits ? 'accept' : null }];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  clientConfig.platform = 'h5';
  storage.setToken('tok');
});

describe('staff home: 开启新举报提醒', () => {
  it('the contact sees alerts are off, taps, confirms the (simulated) dialog, and sees one alert available', async () => {
    const api = fakeApi({
      'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }),
      'GET /me/subscriptions': () => ({ status: 200, body: state(0) }),
      'POST /me/subscriptions': () => ({ status: 201, body: state(1) }),
    });
    render(<StaffHomeBody me={makeMe({ roles: [role('contact')] })} />);
    expect(await screen.findByText('未开启：有新举报时您只能在「消息」里看到，微信不会提醒您。')).toBeTruthy();
    await waitFor(() => expect(api.callsTo('GET /wechat/templates')).toHaveLength(1));
    fireEvent.click(screen.getByText('开启新举报提醒'));
    expect(await screen.findByText('已开启：还可收到 1 次新举报提醒。每次点击「允许」增加一次。')).toBeTruthy();
    expect((Taro.showModal as any).mock.calls[0][0].content).toContain('有新的欺凌举报时，通过微信提醒我');
    expect(api.callsTo('POST /me/subscriptions')[0].body).toEqual({ results: [
      { templateId: 't-new', result: 'accept' }, { templateId: 't-esc', result: 'accept' }, { templateId: 't-rem', result: 'accept' },
    ] });
  });

  it('is shown to the principal and committee, not to teachers or admins', async () => {
    fakeApi({ 'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }), 'GET /me/subscriptions': () => ({ status: 200, body: state(2) }) });
    for (const r of ['principal', 'committee']) {
      const { unmount } = render(<StaffHomeBody me={makeMe({ roles: [role(r)] })} />);
      expect(await screen.findByText('新举报提醒')).toBeTruthy();
      unmount();
    }
    for (const r of ['teacher', 'admin']) {
      const { unmount } = render(<StaffHomeBody me={makeMe({ roles: [role(r)] })} />);
      expect(screen.queryByText('新举报提醒')).toBeNull();
      unmount();
    }
  });
});
