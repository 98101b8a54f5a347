import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateSigningKey } from '../../src/platform/audit/audit-keys';
import { TEMPLATE_DEFS } from '../../src/platform/wechat/templates';

/** WECHAT_TEMPLATES giving every kind an id (the dev placeholder ids, which the fake WeChat server knows). */
export function allTemplatesJson(): string {
  return JSON.stringify(Object.fromEntries(TEMPLATE_DEFS.map((d) => [d.kind, d.devTemplateId])));
}

/**
 * Every variable production requires, with fresh keys: for tests that start the server (in-process or as a
 * real process) under NODE_ENV=production. `dataDir` holds what production keeps on disk (audit checkpoints); the caller removes it.
 */
export function productionEnv(dataDir: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    WECHAT_APPID: 'wx-production-test',
    WECHAT_SECRET: 'production-test-secret',
    WECHAT_TEMPLATES: allTemplatesJson(),
    ANXIN_MASTER_KEY: randomBytes(32).toString('base64'),
    ANXIN_AUDIT_SIGNING_KEY: generateSigningKey().privateKey,
    ANXIN_AUDIT_CHECKPOINT_DIR: join(dataDir, 'audit-checkpoints'),
    ...over,
  };
}
