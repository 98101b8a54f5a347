import Taro from '@tarojs/taro';
import type { ReplyAlertState, SubscriptionReportItem, SubscriptionState, SubscriptionTemplate } from '@anxin/shared';
import { ApiError, NETWORK_ERROR, api, apiUrl, clientConfig, toApiError } from './client';
import { storage } from './storage';
import { FOLLOWUP_TOKEN_HEADER } from './tips';

/** Subscription consent (shared/src/api/subscriptions.ts): the catalogue, what the user has on, and their answers. */
export const subscriptionsApi = {
  templates: () => api.get<SubscriptionTemplate[]>('/wechat/templates'),
  mine: () => api.get<SubscriptionState[]>('/me/subscriptions'),
  report: (results: SubscriptionReportItem[]) => api.post<SubscriptionState[]>('/me/subscriptions', { results }),
  replyAlert: (followupToken: string) => replyAlertRequest('GET', followupToken),
  setReplyAlert: (followupToken: string, on: boolean) => replyAlertRequest('PUT', followupToken, { on }),
};

/**
 * 学校回复时提醒我 carries the follow-up token (which tip) and, to turn it on, the session (which WeChat account
 * to alert). It does not log in again on 401: the page says what is missing instead.
 */
async function replyAlertRequest(method: 'GET' | 'PUT', followupToken: string, body?: { on: boolean }): Promise<ReplyAlertState> {
  const header: Record<string, string> = { [FOLLOWUP_TOKEN_HEADER]: followupToken };
  const session = storage.getToken();
  if (method === 'PUT') {
    header['Content-Type'] = 'application/json';
    // Only turning it on needs the account; turning it off must work without linking anyone to the tip.
    if (session && body?.on) header.Authorization = `Bearer ${session}`;
  }
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({ url: apiUrl('/tips/followup/reply-alert'), method, header, data: body, dataType: 'json', timeout: clientConfig.timeoutMs });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试');
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as ReplyAlertState;
  throw toApiError(res);
}
