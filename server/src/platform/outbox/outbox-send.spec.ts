import { TemplateValueError } from '../wechat/template-values';
import { BAD_RESPONSE, HTTP_ERROR, TRANSPORT_ERROR, WechatApiError } from '../wechat/wechat-api.errors';
import { outcomeOf } from './delivery-outcome';
import { classify } from './outbox-send';

/** What a failed send means for the row and for the credit it reserved (refunded only when provably not sent). */
describe('classify: permanent or retry, and whether the send provably never reached WeChat', () => {
  const send = (errcode: number, errmsg = '') => new WechatApiError(errcode, errmsg, 'subscribe/send');

  it('43101: WeChat holds no credit; permanent, and the credit is not given back (it is turned off instead)', () => {
    expect(classify(send(43101, 'user refuse to accept the msg'))).toMatchObject({ kind: 'permanent', reason: 'wechat_refused', unsent: false });
  });

  it.each([40003, 40037, 47003, 41030])('%s: a refusal before acceptance; permanent, the credit goes back', (errcode) => {
    expect(classify(send(errcode))).toMatchObject({ kind: 'permanent', reason: 'send_error', unsent: true });
  });

  it('a value that cannot be shaped: no call was made; permanent, the credit goes back', () => {
    expect(classify(new TemplateValueError('thing1', 'empty'))).toMatchObject({ kind: 'permanent', reason: 'send_error', unsent: true });
  });

  it('-1 busy and 45009: WeChat answered no; retried, the credit goes back (45009 waits a minute)', () => {
    expect(classify(send(-1))).toMatchObject({ kind: 'retry', unsent: true });
    expect(classify(send(45009))).toMatchObject({ kind: 'retry', unsent: true, minDelayMs: 60_000 });
  });

  it.each([[TRANSPORT_ERROR, 'a time-out or a dropped connection'], [HTTP_ERROR, 'an HTTP 5xx'], [BAD_RESPONSE, 'an unreadable answer']])(
    '%s (%s) may hide an accepted send: retried, the credit stays spent', (errcode) => {
      expect(classify(send(errcode))).toMatchObject({ kind: 'retry', unsent: false });
    },
  );

  it('a failure getting the access token: the send was never made, whatever the error', () => {
    expect(classify(new WechatApiError(TRANSPORT_ERROR, 'timed out', 'stable_token'))).toMatchObject({ kind: 'retry', unsent: true });
  });

  it('anything else thrown (not a WeChat answer) is retried and keeps the credit', () => {
    expect(classify(new Error('socket hang up'))).toMatchObject({ kind: 'retry', unsent: false });
  });
});

describe('outcomeOf: the outcome the app shows for a row', () => {
  it('open rows are pending; finished rows show what was recorded', () => {
    expect(outcomeOf({ status: 'sending', channel: 'wechat_subscribe', deliveredVia: null, deliveryReason: null })).toEqual({ via: 'pending', reason: null });
    expect(outcomeOf({ status: 'sent', channel: 'wechat_subscribe', deliveredVia: 'wechat', deliveryReason: 'one_time' })).toEqual({ via: 'wechat', reason: 'one_time' });
    expect(outcomeOf({ status: 'failed', channel: 'wechat_subscribe', deliveredVia: 'inbox_only', deliveryReason: 'no_consent' })).toEqual({ via: 'inbox_only', reason: 'no_consent' });
  });

  it('rows finished without a recorded outcome get the one their status implies', () => {
    expect(outcomeOf({ status: 'sent', channel: 'wecom_robot', deliveredVia: null, deliveryReason: null })).toEqual({ via: 'wecom_robot', reason: null });
    expect(outcomeOf({ status: 'failed', channel: 'wecom_robot', deliveredVia: null, deliveryReason: null })).toEqual({ via: 'undelivered', reason: 'send_error' });
    expect(outcomeOf({ status: 'dead', channel: 'wechat_subscribe', deliveredVia: null, deliveryReason: null })).toEqual({ via: 'inbox_only', reason: 'retries_exhausted' });
  });
});
