import { FakeTencentCloud, type FakeTencentCloudOptions } from './fake-tencentcloud';

export { FakeTencentCloud } from './fake-tencentcloud';
export type { FakeCall, FakeCallback, FakeSms, FakeTencentCloudOptions, PhoneBehaviour } from './fake-tencentcloud';

/** Starts the fake Tencent Cloud SMS/voice server; point the server at `fake.url` with TENCENTCLOUD_API_BASE. */
export async function startFakeTencentCloud(options: FakeTencentCloudOptions): Promise<FakeTencentCloud> {
  const fake = new FakeTencentCloud(options);
  await fake.listen();
  return fake;
}
