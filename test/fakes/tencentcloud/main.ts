import { startFakeTencentCloud } from './index';

/**
 * The fake Tencent Cloud SMS/voice server alone, on FAKE_TENCENTCLOUD_PORT (default 3901), with the credentials the
 * server is given (TENCENTCLOUD_SECRET_ID / _KEY) and, when TELEPHONY_CALLBACK_BASE and TELEPHONY_CALLBACK_TOKEN are
 * set, posting its callbacks to the server.
 */
async function main() {
  const fake = await startFakeTencentCloud({
    port: Number(process.env.FAKE_TENCENTCLOUD_PORT || 3901),
    host: process.env.FAKE_TENCENTCLOUD_HOST || '127.0.0.1',
    secretId: process.env.TENCENTCLOUD_SECRET_ID || 'AKIDdemo',
    secretKey: process.env.TENCENTCLOUD_SECRET_KEY || 'demo-secret-key',
    callbackBase: process.env.TELEPHONY_CALLBACK_BASE,
    callbackToken: process.env.TELEPHONY_CALLBACK_TOKEN,
    defaultBehaviour: 'no_answer',
  });
  process.stdout.write(`Fake Tencent Cloud SMS/voice listening on ${fake.url}\n  records: ${fake.url}/__fake/ (HTML), ${fake.url}/__fake/records (JSON)\n  use: TENCENTCLOUD_API_BASE=${fake.url}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`fake Tencent Cloud failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
