import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSigningKey, keyIdOf, parsePrivateKey, publicKeyOf } from '../audit/audit-keys';
import { TEMPLATE_DEFS } from '../wechat/templates';
import { ConfigError, loadConfig, masterKeyId, parseDatabaseUrl } from './app-config';

/** Every variable validated at start-up; a bad value names the variable. */
describe('loadConfig', () => {
  let dataDir: string;
  const KEY = randomBytes(32).toString('base64');
  const TEMPLATES = Object.fromEntries(TEMPLATE_DEFS.map((d) => [d.kind, `tmpl-${d.kind}`]));
  const PROD = { NODE_ENV: 'production', WECHAT_APPID: 'wx123', WECHAT_SECRET: 'sec', ANXIN_MASTER_KEY: KEY, WECHAT_TEMPLATES: JSON.stringify(TEMPLATES),
    ANXIN_AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'), ANXIN_AUDIT_CHECKPOINT_DIR: '/srv/anxin-audit' };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'anxin-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string | undefined> = {}) => loadConfig({ ANXIN_DATA_DIR: dataDir, ...env });
  /** Asserts that loading fails with a ConfigError naming `variable` (in the error and in its message). */
  const failsOn = (variable: string, env: Record<string, string | undefined>) => {
    let error: unknown;
    try {
      load(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    return error as ConfigError;
  };

  it('has working defaults for a development start', () => {
    const c = load();
    expect(c.port).toBe(3000);
    expect(c.nodeEnv).toBe('development');
    expect(c.isProduction).toBe(false);
    expect(c.database).toEqual({ type: 'better-sqlite3', url: 'sqlite:./data/anxin.db', file: resolve('./data/anxin.db') });
    expect(c.wechat.appId).toBeNull();
    expect(c.wechat.secret).toBeNull();
    expect(c.wechat.apiBase).toBe('https://api.weixin.qq.com');
    expect(c.devLoginEnabled).toBe(true);
    expect(c.masterKey).toHaveLength(32);
    expect(c.dataDir).toBe(resolve(dataDir));
  });

  describe('PORT', () => {
    it.each([['8080', 8080], ['0', 0], ['65535', 65535], ['', 3000]])('accepts %p', (v, port) => {
      expect(load({ PORT: v }).port).toBe(port);
    });
    it.each(['abc', '-1', '65536', '3.5', '80x', ' '])('refuses %p', (v) => {
      failsOn('PORT', { PORT: v });
    });
  });

  describe('NODE_ENV', () => {
    it.each(['development', 'test'])('accepts %s', (v) => {
      expect(load({ NODE_ENV: v }).nodeEnv).toBe(v);
    });
    it('accepts production with its required variables', () => {
      const c = load(PROD);
      expect(c.isProduction).toBe(true);
      expect(c.devLoginEnabled).toBe(false);
    });
    it.each(['prod', 'staging', 'PRODUCTION'])('refuses %p', (v) => {
      failsOn('NODE_ENV', { NODE_ENV: v });
    });
  });

  describe('DATABASE_URL', () => {
    it('sqlite: a file path, made absolute', () => {
      expect(load({ DATABASE_URL: 'sqlite:/tmp/x/anxin.db' }).database).toEqual({ type: 'better-sqlite3', url: 'sqlite:/tmp/x/anxin.db', file: '/tmp/x/anxin.db' });
      expect(load({ DATABASE_URL: 'sqlite:./rel.db' }).database).toMatchObject({ file: resolve('./rel.db') });
      expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({ file: ':memory:' });
    });
    it('mariadb:// with user, password, host, port and database', () => {
      expect(load({ DATABASE_URL: 'mariadb://anxin:p%40ss%3Aw@db.internal:3307/anxin_prod' }).database).toEqual({
        type: 'mariadb', url: 'mariadb://anxin:p%40ss%3Aw@db.internal:3307/anxin_prod',
        host: 'db.internal', port: 3307, username: 'anxin', password: 'p@ss:w', database: 'anxin_prod',
      });
    });
    it('mysql:// with defaults for port, user and password', () => {
      expect(load({ DATABASE_URL: 'mysql://127.0.0.1/anxin' }).database).toEqual({
        type: 'mysql', url: 'mysql://127.0.0.1/anxin', host: '127.0.0.1', port: 3306, username: 'root', password: '', database: 'anxin',
      });
    });
    it.each([
      ['sqlite:', 'no file'],
      ['postgres://u@h/db', 'unsupported engine'],
      ['mariadb://root@127.0.0.1:3306', 'no database'],
      ['mariadb://root@127.0.0.1:3306/', 'no database'],
      ['not a url', 'not a URL'],
      ['://nothing', 'not a URL'],
    ])('refuses %p (%s)', (v) => {
      failsOn('DATABASE_URL', { DATABASE_URL: v });
    });
    it('does not echo a password from a bad URL', () => {
      const e = failsOn('DATABASE_URL', { DATABASE_URL: 'mariadb//root:hunter2@host/db' });
      expect(e.message).not.toContain('hunter2');
    });
  });

  describe('WECHAT_APPID / WECHAT_SECRET / WECHAT_API_BASE', () => {
    it('reads the app id and secret; an app id switches the dev login off outside production', () => {
      const c = load({ WECHAT_APPID: ' wx-app ', WECHAT_SECRET: 's3cret' });
      expect(c.wechat.appId).toBe('wx-app');
      expect(c.wechat.secret).toBe('s3cret');
      expect(c.devLoginEnabled).toBe(false);
    });
    it('a blank app id counts as unset', () => {
      expect(load({ WECHAT_APPID: '   ' }).wechat.appId).toBeNull();
    });
    it('WECHAT_API_BASE: an http(s) URL, trailing slashes dropped', () => {
      expect(load({ WECHAT_API_BASE: 'http://127.0.0.1:4010/' }).wechat.apiBase).toBe('http://127.0.0.1:4010');
      expect(load({ WECHAT_API_BASE: 'https://fake.example.com/wx//' }).wechat.apiBase).toBe('https://fake.example.com/wx');
    });
    it.each(['ftp://x', 'not a url', 'localhost:4010'])('WECHAT_API_BASE refuses %p', (v) => {
      failsOn('WECHAT_API_BASE', { WECHAT_API_BASE: v });
    });
  });

  describe('WECHAT_PUSH_TOKEN / WECHAT_PUSH_AES_KEY / WECHAT_TEMPLATE_MODES', () => {
    it('message push is off unless a token is set; the EncodingAESKey decodes to 32 bytes', () => {
      expect(load().wechat.pushToken).toBeNull();
      expect(load().wechat.pushAesKey).toBeNull();
      const aes = randomBytes(32).toString('base64').slice(0, 43);
      const c = load({ WECHAT_PUSH_TOKEN: ' tok ', WECHAT_PUSH_AES_KEY: aes });
      expect(c.wechat.pushToken).toBe('tok');
      expect(c.wechat.pushAesKey).toHaveLength(32);
    });
    it.each(['short', 'a'.repeat(44), `${'a'.repeat(42)}=`])('WECHAT_PUSH_AES_KEY refuses %p (43 characters required)', (v) => {
      failsOn('WECHAT_PUSH_AES_KEY', { WECHAT_PUSH_AES_KEY: v });
    });
    it('WECHAT_TEMPLATE_MODES: kind → one_time | long_term, known kinds only', () => {
      expect(load().wechat.templateModes).toEqual({});
      expect(load({ WECHAT_TEMPLATE_MODES: '{"tip.new":"long_term"}' }).wechat.templateModes).toEqual({ 'tip.new': 'long_term' });
      failsOn('WECHAT_TEMPLATE_MODES', { WECHAT_TEMPLATE_MODES: '{"tip.new":"forever"}' });
      failsOn('WECHAT_TEMPLATE_MODES', { WECHAT_TEMPLATE_MODES: '{"no.such":"one_time"}' });
      failsOn('WECHAT_TEMPLATE_MODES', { WECHAT_TEMPLATE_MODES: 'not json' });
    });
  });

  describe('production requirements', () => {
    it.each(['WECHAT_APPID', 'WECHAT_SECRET', 'ANXIN_MASTER_KEY'])('%s is required when NODE_ENV=production', (variable) => {
      failsOn(variable, { ...PROD, [variable]: undefined });
      failsOn(variable, { ...PROD, [variable]: '  ' });
    });
    it('never writes a development key in production', () => {
      load(PROD);
      expect(() => statSync(join(dataDir, 'dev-master-key'))).toThrow();
    });
    it('the demo\'s consent relay to the fake WeChat server cannot be switched on in production', () => {
      expect(load({ ANXIN_DEMO_WECHAT_CONSENT: 'true' }).demoWechatConsent).toBe(true);
      expect(load().demoWechatConsent).toBe(false);
      failsOn('ANXIN_DEMO_WECHAT_CONSENT', { ...PROD, ANXIN_DEMO_WECHAT_CONSENT: 'true' });
      failsOn('ANXIN_DEMO_WECHAT_CONSENT', { ANXIN_DEMO_WECHAT_CONSENT: 'maybe' });
    });
    it('the demo seed cannot be switched on in production', () => {
      failsOn('ANXIN_DEMO_SEED', { ...PROD, ANXIN_DEMO_SEED: 'true' });
    });
    it('WECHAT_TEMPLATES is required in production (the dev placeholders mean nothing to WeChat)', () => {
      expect(failsOn('WECHAT_TEMPLATES', { ...PROD, WECHAT_TEMPLATES: undefined }).message).toContain('is required when NODE_ENV=production');
      failsOn('WECHAT_TEMPLATES', { ...PROD, WECHAT_TEMPLATES: ' ' });
      expect(load(PROD).wechat.templates).toEqual(TEMPLATES);
    });
    it('WECHAT_TEMPLATES in production gives every kind an id, and the message lists the kinds without one', () => {
      const { 'tip.new': _, 'tip.escalated': __, ...rest } = TEMPLATES;
      const e = failsOn('WECHAT_TEMPLATES', { ...PROD, WECHAT_TEMPLATES: JSON.stringify(rest) });
      expect(e.message).toContain('tip.new, tip.escalated');
      // "*" covers kinds the registry does not list, not the listed ones (their fields differ).
      failsOn('WECHAT_TEMPLATES', { ...PROD, WECHAT_TEMPLATES: JSON.stringify({ '*': 'generic' }) });
    });
    it('API docs are off in production unless ANXIN_API_DOCS=true, and on otherwise', () => {
      expect(load(PROD).apiDocs).toBe(false);
      expect(load({ ...PROD, ANXIN_API_DOCS: 'true' }).apiDocs).toBe(true);
      expect(load().apiDocs).toBe(true);
      expect(load({ NODE_ENV: 'test' }).apiDocs).toBe(true);
      expect(load({ ANXIN_API_DOCS: 'false' }).apiDocs).toBe(false);
      failsOn('ANXIN_API_DOCS', { ANXIN_API_DOCS: 'sure' });
    });
  });

  describe('WECHAT_TEMPLATES outside production', () => {
    it('is optional, and a partial map is merged over the dev placeholders', () => {
      expect(load().wechat.templates).toEqual({});
      expect(load({ WECHAT_TEMPLATES: '{"tip.new":"T1","*":"G"}' }).wechat.templates).toEqual({ 'tip.new': 'T1', '*': 'G' });
    });
    it.each([
      ['not JSON', '{tip.new: T1}'],
      ['an array', '["T1"]'],
      ['an empty id', '{"tip.new":""}'],
    ])('refuses %s', (_, v) => {
      failsOn('WECHAT_TEMPLATES', { WECHAT_TEMPLATES: v });
    });
    it('refuses a kind the server does not know (a typo would silently use a placeholder)', () => {
      expect(failsOn('WECHAT_TEMPLATES', { WECHAT_TEMPLATES: '{"tip.nwe":"T1"}' }).message).toContain('tip.nwe');
    });
  });

  describe('ANXIN_MASTER_KEY', () => {
    it('is 32 bytes of base64', () => {
      const c = load({ ANXIN_MASTER_KEY: KEY });
      expect(c.masterKey.equals(Buffer.from(KEY, 'base64'))).toBe(true);
      expect(c.masterKeyId).toBe(masterKeyId(Buffer.from(KEY, 'base64')));
      expect(c.masterKeyId).not.toContain(KEY.slice(0, 8));
    });
    it.each([
      ['16 bytes', randomBytes(16).toString('base64')],
      ['33 bytes', randomBytes(33).toString('base64')],
      ['not base64', `${'!'.repeat(43)}=`],
      ['hex', randomBytes(32).toString('hex')],
    ])('refuses %s, without echoing the value', (_, v) => {
      const e = failsOn('ANXIN_MASTER_KEY', { ANXIN_MASTER_KEY: v });
      expect(e.message).not.toContain(v);
    });
    it('outside production, a key is generated once under the data folder and reused', () => {
      const first = load();
      const file = join(dataDir, 'dev-master-key');
      expect(Buffer.from(readFileSync(file, 'utf8'), 'base64').equals(first.masterKey)).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = load();
      expect(second.masterKey.equals(first.masterKey)).toBe(true);
      expect(second.masterKeyId).toBe(first.masterKeyId);
      // another data folder, another key
      const other = mkdtempSync(join(tmpdir(), 'anxin-config-'));
      try {
        expect(loadConfig({ ANXIN_DATA_DIR: other }).masterKey.equals(first.masterKey)).toBe(false);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });
    it('a set key wins over the development key file', () => {
      load();
      expect(load({ ANXIN_MASTER_KEY: KEY }).masterKey.equals(Buffer.from(KEY, 'base64'))).toBe(true);
    });
    it('a damaged development key file stops the start with a message naming the variable and the file', () => {
      writeFileSync(join(dataDir, 'dev-master-key'), 'short');
      const e = failsOn('ANXIN_MASTER_KEY', {});
      expect(e.message).toContain('dev-master-key');
    });
  });

  describe('other variables', () => {
    it.each([
      ['SESSION_IDLE_HOURS', '0'],
      ['SESSION_MAX_HOURS', 'x'],
      ['ANXIN_WORKER', 'maybe'],
      ['ANXIN_DEMO_SEED', 'sometimes'],
      ['WECOM_API_BASE', 'mailto:x@y'],
      ['LOG_LEVEL', 'verbose'],
    ])('%s=%p is refused by name', (variable, v) => {
      failsOn(variable, { [variable]: v });
    });
    it('reads session lifetimes and the worker switch', () => {
      const c = load({ SESSION_IDLE_HOURS: '2', SESSION_MAX_HOURS: '10', ANXIN_WORKER: 'false', ANXIN_DEMO_SEED: 'yes' });
      expect(c.session).toEqual({ idleTtlHours: 2, absoluteTtlHours: 10 });
      expect(c.runWorker).toBe(false);
      expect(c.demoSeed).toBe(true);
      expect(load({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
      expect(load({ NODE_ENV: 'test' }).logLevel).toBe('warn');
      expect(load().logLevel).toBe('info');
    });
  });

  describe('TRUST_PROXY and ANXIN_DEMO_SEED', () => {
    it('trusts no proxy by default, accepts true or addresses, and refuses a hop count', () => {
      expect(load().trustProxy).toBe(false);
      expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
      expect(failsOn('TRUST_PROXY', { TRUST_PROXY: '2' }).message).toMatch(/hop count/);
      expect(load({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
      failsOn('TRUST_PROXY', { TRUST_PROXY: 'everyone' });
    });
    it('never seeds demo data in production', () => {
      expect(load({ ANXIN_DEMO_SEED: 'true' }).demoSeed).toBe(true);
      failsOn('ANXIN_DEMO_SEED', { ...PROD, ANXIN_DEMO_SEED: 'true' });
    });
  });

  /** ANXIN_AUDIT_SIGNING_KEY, ANXIN_AUDIT_PUBLIC_KEY and ANXIN_AUDIT_CHECKPOINT_DIR. */
  describe('audit checkpoint configuration', () => {
    it('production requires the signing key and the checkpoint folder, and never writes a development key', () => {
      const key = generateSigningKey();
      expect(failsOn('ANXIN_AUDIT_SIGNING_KEY', { ...PROD, ANXIN_AUDIT_SIGNING_KEY: undefined, ANXIN_AUDIT_CHECKPOINT_DIR: '/srv/cp' }).message).toContain('npm run audit:keygen');
      failsOn('ANXIN_AUDIT_CHECKPOINT_DIR', { ...PROD, ANXIN_AUDIT_SIGNING_KEY: key.privateKey, ANXIN_AUDIT_CHECKPOINT_DIR: undefined });
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
      expect(failsOn('ANXIN_AUDIT_SIGNING_KEY', { ANXIN_AUDIT_SIGNING_KEY: 'abc!' }).message).toContain('base64');
      failsOn('ANXIN_AUDIT_SIGNING_KEY', { ANXIN_AUDIT_SIGNING_KEY: randomBytes(20).toString('base64') });
      failsOn('ANXIN_AUDIT_PUBLIC_KEY', { ANXIN_AUDIT_PUBLIC_KEY: 'AAAA,BBBB' });
    });
  });
});
