import { FakeWechat, FakeWechatOptions } from './fake-wechat';

export { FakeWechat, valueValid } from './fake-wechat';
export type { Fault, FaultKind, FakeEndpoint, FakeWechatOptions, ReceivedMessage } from './fake-wechat';
export { signedPush, urlCheckQuery } from './fake-push';
export type { PushEventSpec, PushTarget, SignedPush } from './fake-push';

/**
 * Starts the fake WeChat/WeCom server on `port` (0 or omitted: a free port). Point the server at `fake.url`
 * with WECHAT_API_BASE and WECOM_API_BASE. The demo (scripts/start.js) and `npm run fake-wechat` use it.
 */
export async function startFakeWechat(options: FakeWechatOptions = {}): Promise<FakeWechat> {
  const fake = new FakeWechat(options);
  await fake.listen();
  return fake;
}
