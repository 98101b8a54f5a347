import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSigningKey, keyIdOf, parsePrivateKey, publicKeyOf } from '../audit/audit-keys';
import { TEMPLATE_DEFS } from '../wechat/templates';
import { ConfigError, loadConfig } from './app-config';

/** ANXIN_AUDIT_SIGNING_KEY, ANXIN_AUDIT_PUBLIC_KEY and ANXIN_AUDIT_CHECKPOINT_DIR. */
describe('audit checkpoint configuration', () => {
  let dataDir: string;
  const PROD = {
    NODE_ENV: 'production', WECHAT_APPID: 'wx123', WECHAT_SECRET: 'sec', ANXIN_MASTER_KEY: randomBytes(32).toString('base64'),
    WECHAT_TEMPLATES: JSON.stringify(Object.fromEntries(TEMPLATE_DEFS.map((d) => [d.kind, `tmpl-${d.kind}`]))),
  };
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'anxin-audit-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: Record<string, string | undefined> = {}) => loadConfig({ ANXIN_DATA_DIR: dataDir, ...env });
  const failsOn = (variable: string, env: Record<string, string | undefined>) => {
    let error: unknown;
    try {
      load(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    return (error as ConfigError).message;
  };

  it('production requires the signing key and the checkpoint folder, and never writes a development key', () => {
    const key = generateSigningKey();
    expect(failsOn('ANXIN_AUDIT_SIGNING_KEY', { ...PROD, ANXIN_AUDIT_CHECKPOINT_DIR: '/srv/cp' })).toContain('npm run audit:keygen');
    failsOn('ANXIN_AUDIT_CHECKPOINT_DIR', { ...PROD, ANXIN_AUDIT_SIGNING_KEY: key.privateKey });
    const c = load({ ...PROD, ANXIN_AUDIT_SIGNING_KEY: key.privateKey, ANXIN_AUDIT_CHECKPOINT_DIR: '/srv/cp' });
    expect(keyIdOf(publicKeyOf(c.audit.signingKey))).toBe(key.keyId);
    expect(c.audit.checkpointDir).toBe('/srv/cp');
    expect(existsSync(join(dataDir, 'dev-audit-signing-key'))).toBe(false);
  });

  it('outside production a key is generated once under the data folder (owner-only) and reused', () => {
    const first = load();
    const file = join(dataDir, 'dev-audit-signing-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = load();
    expect(keyIdOf(second.audit.trustedKeys[0])).toBe(keyIdOf(first.audit.trustedKeys[0]));
    expect(keyIdOf(publicKeyOf(parsePrivateKey(readFileSync(file, 'utf8'))))).toBe(keyIdOf(first.audit.trustedKeys[0]));
    expect(first.audit.checkpointDir).toBe(resolve(dataDir, 'audit-checkpoints'));
  });

  it('takes the key as PEM too, and earlier public keys to keep trusting', () => {
    const key = generateSigningKey();
    const old = generateSigningKey();
    const pem = parsePrivateKey(key.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString();
    const c = load({ ANXIN_AUDIT_SIGNING_KEY: pem, ANXIN_AUDIT_PUBLIC_KEY: old.publicKeyPem });
    expect(c.audit.trustedKeys.map(keyIdOf)).toEqual([key.keyId, old.keyId]);
  });

  it('a key that is not an Ed25519 key names the variable', () => {
    expect(failsOn('ANXIN_AUDIT_SIGNING_KEY', { ANXIN_AUDIT_SIGNING_KEY: 'abc!' })).toContain('base64');
    failsOn('ANXIN_AUDIT_SIGNING_KEY', { ANXIN_AUDIT_SIGNING_KEY: randomBytes(20).toString('base64') });
    failsOn('ANXIN_AUDIT_PUBLIC_KEY', { ANXIN_AUDIT_PUBLIC_KEY: 'AAAA,BBBB' });
  });
});
