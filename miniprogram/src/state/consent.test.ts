import { beforeEach, describe, expect, it } from '@jest/globals';
import type { SubscriptionTemplate } from '@anxin/shared';
import Taro from '@tarojs/taro';
import { clientConfig } from '../api/client';
import { storage } from '../api/storage';
import { fakeApi } from '../../test/fake-api';
import { resetTaro } from '../../test/stubs/taro';
import { askConsent, pickTemplates, resultsOf } from './consent';

const T = (kind: string, templateId: string, mode: 'one_time' | 'long_term'): SubscriptionTemplate => ({ kind, templateId, mode, audiences: ['alerting_staff'], description: `${kind} 提醒` });
const CATALOGUE = [
  T('tip.new', 't-new', 'one_time'), T('tip.escalated', 't-esc', 'long_term'), T('tip.reminder', 't-rem', 'one_time'),
  T('tip.update', 't-upd', 'one_time'), T('notice.published', 't-notice', 'one_time'), T('binding.decided', 't-new', 'one_time'),
];
const taro = Taro as any;

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('session-token');
});

describe('pickTemplates', () => {
  it('never mixes one-time and long-term ids in one dialog (WeChat answers 20002): the first kind decides', () => {
    expect(pickTemplates(CATALOGUE, ['tip.new', 'tip.escalated', 'tip.reminder']).map((t) => t.templateId)).toEqual(['t-new', 't-rem']);
    expect(pickTemplates(CATALOGUE, ['tip.escalated', 'tip.new']).map((t) => t.templateId)).toEqual(['t-esc']);
  });
  it('at most 3 ids, no duplicates, unknown kinds ignored', () => {
    expect(pickTemplates(CATALOGUE, ['tip.new', 'binding.decided', 'tip.reminder', 'tip.update', 'notice.published']).map((t) => t.templateId)).toEqual(['t-new', 't-rem', 't-upd']);
    expect(pickTemplates(CATALOGUE, ['no.such'])).toEqual([]);
  });
});

describe('resultsOf', () => {
  it('keeps accept / reject / ban / filter per asked id and drops anything else', () => {
    const picked = pickTemplates(CATALOGUE, ['tip.new', 'tip.reminder', 'tip.update']);
    expect(resultsOf(picked, { errMsg: 'requestSubscribeMessage:ok', 't-new': 'accept', 't-rem': 'ban', 't-upd': 'weird', 't-other': 'accept' }))
      .toEqual([{ templateId: 't-new', result: 'accept' }, { templateId: 't-rem', result: 'ban' }]);
  });
});

describe('askConsent', () => {
  it('weapp: one requestSubscribeMessage call with the ids, answers reported to the server', async () => {
    clientConfig.platform = 'weapp';
    taro.requestSubscribeMessage.mockImplementation(async () => ({ errMsg: 'requestSubscribeMessage:ok', 't-new': 'accept', 't-rem': 'reject' }));
    const states = [{ kind: 'tip.new', templateId: 't-new', mode: 'one_time', on: true, longTerm: false, credits: 1, lastStatus: 'accept' }];
    const api = fakeApi({ 'POST /me/subscriptions': () => ({ status: 201, body: states }) });
    const outcome = await askConsent(pickTemplates(CATALOGUE, ['tip.new', 'tip.reminder']));
    expect(taro.requestSubscribeMessage).toHaveBeenCalledTimes(1);
    expect(taro.requestSubscribeMessage.mock.calls[0][0]).toEqual({ tmplIds: ['t-new', 't-rem'] });
    expect(api.callsTo('POST /me/subscriptions')[0].body).toEqual({ results: [{ templateId: 't-new', result: 'accept' }, { templateId: 't-rem', result: 'reject' }] });
    expect(outcome).toEqual({ kind: 'answered', results: [{ templateId: 't-new', result: 'accept' }, { templateId: 't-rem', result: 'reject' }], states });
  });

  it('weapp: a refused call (all subscribe messages off in settings) reports nothing', async () => {
    clientConfig.platform = 'weapp';
    taro.requestSubscribeMessage.mockImplementation(async () => { throw { errMsg: 'requestSubscribeMessage:fail', errCode: 20004 }; });
    const api = fakeApi({});
    expect(await askConsent(pickTemplates(CATALOGUE, ['tip.new']))).toEqual({ kind: 'unavailable' });
    expect(api.calls).toHaveLength(0);
  });

  it('h5: a confirm sheet stands in for WeChat (允许 accepts, 取消 rejects) and never calls requestSubscribeMessage', async () => {
    clientConfig.platform = 'h5';
    const api = fakeApi({ 'POST /me/subscriptions': () => ({ status: 201, body: [] }) });
    await askConsent(pickTemplates(CATALOGUE, ['tip.new']));
    expect(taro.showModal).toHaveBeenCalledTimes(1);
    expect(taro.showModal.mock.calls[0][0]).toMatchObject({ confirmText: '允许', content: 'tip.new 提醒' });
    taro.showModal.mockImplementation(() => Promise.resolve({ confirm: false, cancel: true }));
    await askConsent(pickTemplates(CATALOGUE, ['tip.new']));
    expect(api.callsTo('POST /me/subscriptions').map((c) => c.body)).toEqual([
      { results: [{ templateId: 't-new', result: 'accept' }] }, { results: [{ templateId: 't-new', result: 'reject' }] },
    ]);
    expect(taro.requestSubscribeMessage).not.toHaveBeenCalled();
  });

  it('asks nothing when there is nothing to ask', async () => {
    const api = fakeApi({});
    expect(await askConsent([])).toEqual({ kind: 'unavailable' });
    expect(taro.showModal).not.toHaveBeenCalled();
    expect(api.calls).toHaveLength(0);
  });
});
