import 'reflect-metadata';
import { limitHeapGrowth } from './platform/common/process/heap-growth';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { createApp } from './app.factory';
import { AccessTokenService } from './platform/wechat/access-token.service';
import { checkWechatAtStartup } from './platform/wechat/startup-check';

/** A configuration the server cannot run with: a message naming the variable, exit code 78 (EX_CONFIG). */
function refuseConfig(e: ConfigError): never {
  process.stderr.write(`${e.message}\n`);
  process.exit(78);
}

async function main() {
  limitHeapGrowth();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) refuseConfig(e);
    throw e;
  }
  // `--worker` (npm run worker): only the background worker, no HTTP listener.
  const workerOnly = process.argv.includes('--worker');
  if (workerOnly) config = { ...config, runWorker: true };
  const { app, logger } = await createApp(config);
  try {
    await checkWechatAtStartup(config, app.get(AccessTokenService), logger);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    await app.close();
    refuseConfig(e);
  }
  if (workerOnly) {
    await app.init();
    logger.info({ database: config.database.type }, 'Anxin worker running (no HTTP listener)');
    if (process.send) process.send({ type: 'worker' });
  } else {
    await app.listen({ port: config.port, host: config.host });
    const url = await app.getUrl();
    logger.info({ url, database: config.database.type, worker: config.runWorker }, 'Anxin server listening');
    if (process.send) process.send({ type: 'listening', url });
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ signal }, 'shutdown did not finish within 15 s; exiting anyway');
      process.exit(1);
    }, 15_000);
    force.unref();
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  process.stderr.write(`Anxin server failed to start: ${e?.stack ?? e}\n`);
  process.exit(1);
});
