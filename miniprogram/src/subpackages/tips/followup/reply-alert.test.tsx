import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { REPLY_ALERT_EXPLAINED, ReplyAlertSwitch } from './reply-alert';

const TOKEN = 'fu-token-abcdefghijklmnopqrstuvwxyz';
const CATALOGUE = [{ kind: 'tip.reply', templateId: 't-reply', mode: 'one_time', audiences: ['reporter'], description: '学校回复我的举报时，通过微信提醒我' }];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  clientConfig.platform = 'h5';
  storage.setToken('session-token');
});

const headersOf = (method: string, suffix: string) => (Taro.request as any).mock.calls.map((c: any[]) => c[0]).filter((o: any) => o.method === method && o.url.endsWith(suffix)).map((o: any) => o.header);

describe('学校回复时提醒我', () => {
  it('off by default; explained before anything links the account; on after 允许; off deletes without the session', async () => {
    let on = false;
    const api = fakeApi({
      'GET /tips/followup/reply-alert': () => ({ status: 200, body: { on } }),
      'PUT /tips/followup/reply-alert': (c) => { on = c.body.on; return { status: 200, body: { on } }; },
      'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }),
      'POST /me/subscriptions': () => ({ status: 201, body: [] }),
    });
    render(<ReplyAlertSwitch followupToken={TOKEN} />);
    fireEvent.click(await screen.findByText('开启提醒…'));
    // Opening the page sent no session; the explanation comes before the consent.
    expect(headersOf('GET', '/tips/followup/reply-alert')).toEqual([{ 'X-Followup-Token': TOKEN }]);
    expect(await screen.findByText(REPLY_ALERT_EXPLAINED)).toBeTruthy();
    expect(REPLY_ALERT_EXPLAINED).toMatch(/学校老师看不到/);
    expect(REPLY_ALERT_EXPLAINED).toMatch(/结案后或你关闭提醒时立即删除/);
    fireEvent.click(screen.getByText('我明白，在微信中允许提醒'));
    expect(await screen.findByText('已开启：学校回复时微信会提醒你。')).toBeTruthy();
    expect(api.callsTo('POST /me/subscriptions')[0].body).toEqual({ results: [{ templateId: 't-reply', result: 'accept' }] });
    expect(headersOf('PUT', '/tips/followup/reply-alert')[0]).toMatchObject({ 'X-Followup-Token': TOKEN, Authorization: 'Bearer session-token' });

    fireEvent.click(screen.getByText('关闭提醒'));
    expect(await screen.findByText('开启提醒…')).toBeTruthy();
    const offHeaders = headersOf('PUT', '/tips/followup/reply-alert')[1];
    expect(offHeaders['X-Followup-Token']).toBe(TOKEN);
    expect(offHeaders.Authorization).toBeUndefined();
    expect(api.callsTo('PUT /tips/followup/reply-alert').map((c) => c.body)).toEqual([{ on: true }, { on: false }]);
  });

  it('a 取消 in the consent dialog leaves it off and tells the server nothing about the tip', async () => {
    const api = fakeApi({
      'GET /tips/followup/reply-alert': () => ({ status: 200, body: { on: false } }),
      'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }),
      'POST /me/subscriptions': () => ({ status: 201, body: [] }),
    });
    (Taro.showModal as any).mockImplementation(() => Promise.resolve({ confirm: false, cancel: true }));
    render(<ReplyAlertSwitch followupToken={TOKEN} />);
    fireEvent.click(await screen.findByText('开启提醒…'));
    fireEvent.click(await screen.findByText('我明白，在微信中允许提醒'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalled());
    expect(api.callsTo('PUT /tips/followup/reply-alert')).toHaveLength(0);
  });
});
