import { startFakeWechat } from './index';

/** `npm run fake-wechat`: the fake WeChat server alone, on FAKE_WECHAT_PORT (default 3900). */
async function main() {
  const port = Number(process.env.FAKE_WECHAT_PORT || 3900);
  const fake = await startFakeWechat({ port, host: process.env.FAKE_WECHAT_HOST || '127.0.0.1' });
  process.stdout.write(`Fake WeChat listening on ${fake.url}\n  messages: ${fake.url}/__fake/ (HTML), ${fake.url}/__fake/messages (JSON)\n` +
    `  use: WECHAT_API_BASE=${fake.url} WECOM_API_BASE=${fake.url}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`fake WeChat failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
