import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AuditKeyError, generateSigningKey, parsePrivateKey, parsePublicKeys, publicKeyOf } from '../audit/audit-keys';
import { TEMPLATE_DEFS } from '../wechat/templates';
import { parseTelephonyConfig, TelephonyConfigError, type TelephonyConfig } from '../telephony/telephony-config';

/**
 * The whole configuration of the server, validated once at start-up. A bad or missing value stops the
 * process with a message that names the variable (see README "Configuration").
 */
export interface AppConfig {
  port: number;
  host: string;
  nodeEnv: 'development' | 'test' | 'production';
  isProduction: boolean;
  database: DatabaseConfig;
  wechat: {
    appId: string | null;
    secret: string | null;
    apiBase: string;
    wecomApiBase: string;
    /** Template kind ('tip.new', …) → subscribe-message template id (WECHAT_TEMPLATES; dev placeholders otherwise). */
    templates: Record<string, string>;
    /** subscribe/send `miniprogram_state`: formal in production, developer otherwise (WECHAT_MINIPROGRAM_STATE). */
    miniprogramState: 'developer' | 'trial' | 'formal';
    /** Time-out of one WeChat/WeCom HTTP call. */
    timeoutMs: number;
    /** WeCom group robots accept 20 messages a minute each. */
    robotPerMinute: number;
    /** Template kind → 'one_time' | 'long_term' consent, over the catalogue's defaults (WECHAT_TEMPLATE_MODES). */
    templateModes: Record<string, 'one_time' | 'long_term'>;
    /** Message push (消息推送): the Token set in the mini-program console (WECHAT_PUSH_TOKEN); null turns the endpoint off. */
    pushToken: string | null;
    /** Message push safe mode: the 43-character EncodingAESKey (WECHAT_PUSH_AES_KEY), decoded to 32 bytes. */
    pushAesKey: Buffer | null;
  };
  /** Tencent Cloud SMS and voice calls for urgent call-downs; null when not configured (WeChat and the inbox only). */
  telephony: TelephonyConfig | null;
  /** The delivery worker (outbox + scheduled actions). */
  worker: {
    pollMs: number;
    batchSize: number;
    /** Sends in flight at once per worker. */
    concurrency: number;
    /** How long a claimed row stays with one worker before another may take it (crashed worker). */
    leaseMs: number;
    maxAttempts: number;
    /** First retry delay; doubles per attempt (with jitter), capped at 10 minutes. */
    backoffBaseMs: number;
    /** Messages still undelivered this long after being enqueued raise an alert for the school admin. */
    alertAfterMs: number;
    /** How often a worker writes its heartbeat; a worker silent for three intervals is dead and its claimed rows are taken over. */
    heartbeatMs: number;
  };
  /** 32-byte master key that wraps the per-school data keys. */
  masterKey: Buffer;
  masterKeyId: string;
  /** Signed audit checkpoints (see docs "Audit log"). */
  audit: {
    /** Ed25519 key that signs each school's daily checkpoint (ANXIN_AUDIT_SIGNING_KEY); never stored in the database. */
    signingKey: KeyObject;
    /** Public keys whose checkpoint signatures verifiers accept: the signing key's, then ANXIN_AUDIT_PUBLIC_KEY (earlier keys). */
    trustedKeys: KeyObject[];
    /** One append-only file of signed checkpoints per school (ANXIN_AUDIT_CHECKPOINT_DIR). */
    checkpointDir: string;
  };
  /** Serve the built h5 app from this folder at `/` when it exists. */
  staticDir: string | null;
  /** Dev login exists only when not production and no WeChat app id is configured. */
  devLoginEnabled: boolean;
  /** Serve `/api/docs` and `/api/docs-json`: on outside production; in production only with ANXIN_API_DOCS=true. */
  apiDocs: boolean;
  session: { idleTtlHours: number; absoluteTtlHours: number };
  /** Run the background worker inside the server process. */
  runWorker: boolean;
  /**
   * Behind a reverse proxy: which proxies to trust for the client address (false, true, or comma-separated
   * addresses/CIDRs; never a hop count). Rate limits of anonymous reporters are keyed by that address.
   */
  trustProxy: boolean | string;
  /** Seed the demo districts, schools and users at start-up (never in production). */
  demoSeed: boolean;
  /**
   * Demo only (ANXIN_DEMO_WECHAT_CONSENT; never in production): a demo user's consent answers are also told to the
   * fake WeChat server at WECHAT_API_BASE, standing in for WeChat's own dialog behind the h5 app's simulated one.
   */
  demoWechatConsent: boolean;
  logLevel: string;
  /** One info line per HTTP request (ANXIN_LOG_REQUESTS; the `npm start` demo turns it off unless set). */
  logRequests: boolean;
  dataDir: string;
}

export type DatabaseConfig =
  | { type: 'better-sqlite3'; url: string; file: string }
  | { type: 'mariadb' | 'mysql'; url: string; host: string; port: number; username: string; password: string; database: string };

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

const WECHAT_DEFAULT_BASE = 'https://api.weixin.qq.com';
const WECOM_DEFAULT_BASE = 'https://qyapi.weixin.qq.com';

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = parseNodeEnv(env.NODE_ENV);
  const isProduction = nodeEnv === 'production';
  const dataDir = resolve(env.ANXIN_DATA_DIR || './data');
  const appId = nonEmpty(env.WECHAT_APPID);
  const secret = nonEmpty(env.WECHAT_SECRET);
  if (isProduction) {
    if (!appId) throw new ConfigError('WECHAT_APPID', 'is required when NODE_ENV=production');
    if (!secret) throw new ConfigError('WECHAT_SECRET', 'is required when NODE_ENV=production');
    if (!nonEmpty(env.ANXIN_MASTER_KEY)) throw new ConfigError('ANXIN_MASTER_KEY', 'is required when NODE_ENV=production');
  }
  const masterKey = env.ANXIN_MASTER_KEY ? parseMasterKey(env.ANXIN_MASTER_KEY) : devMasterKey(dataDir);
  return {
    port: parsePort('PORT', env.PORT, 3000),
    host: env.HOST || '0.0.0.0',
    nodeEnv,
    isProduction,
    database: parseDatabaseUrl(env.DATABASE_URL || 'sqlite:./data/anxin.db'),
    wechat: {
      appId,
      secret,
      apiBase: parseBaseUrl('WECHAT_API_BASE', env.WECHAT_API_BASE, WECHAT_DEFAULT_BASE),
      wecomApiBase: parseBaseUrl('WECOM_API_BASE', env.WECOM_API_BASE, WECOM_DEFAULT_BASE),
      templates: parseTemplates(env.WECHAT_TEMPLATES, isProduction),
      miniprogramState: parseMiniprogramState(env.WECHAT_MINIPROGRAM_STATE, isProduction ? 'formal' : 'developer'),
      timeoutMs: parsePositiveInt('WECHAT_TIMEOUT_MS', env.WECHAT_TIMEOUT_MS, 10_000),
      robotPerMinute: parsePositiveInt('WECOM_ROBOT_PER_MINUTE', env.WECOM_ROBOT_PER_MINUTE, 20),
      templateModes: parseTemplateModes(env.WECHAT_TEMPLATE_MODES),
      pushToken: nonEmpty(env.WECHAT_PUSH_TOKEN),
      pushAesKey: parsePushAesKey(env.WECHAT_PUSH_AES_KEY),
    },
    telephony: telephonyConfig(env),
    worker: {
      pollMs: parsePositiveInt('ANXIN_WORKER_POLL_MS', env.ANXIN_WORKER_POLL_MS, 1000),
      batchSize: parsePositiveInt('ANXIN_OUTBOX_BATCH', env.ANXIN_OUTBOX_BATCH, 50),
      concurrency: parsePositiveInt('ANXIN_OUTBOX_CONCURRENCY', env.ANXIN_OUTBOX_CONCURRENCY, 8),
      leaseMs: parsePositiveInt('ANXIN_OUTBOX_LEASE_MS', env.ANXIN_OUTBOX_LEASE_MS, 60_000),
      maxAttempts: parsePositiveInt('ANXIN_OUTBOX_MAX_ATTEMPTS', env.ANXIN_OUTBOX_MAX_ATTEMPTS, 12),
      backoffBaseMs: parsePositiveInt('ANXIN_OUTBOX_BACKOFF_MS', env.ANXIN_OUTBOX_BACKOFF_MS, 5_000),
      alertAfterMs: parsePositiveInt('ANXIN_OUTBOX_ALERT_MINUTES', env.ANXIN_OUTBOX_ALERT_MINUTES, 15) * 60_000,
      heartbeatMs: parsePositiveInt('ANXIN_WORKER_HEARTBEAT_MS', env.ANXIN_WORKER_HEARTBEAT_MS, 2_000),
    },
    masterKey,
    masterKeyId: masterKeyId(masterKey),
    audit: parseAuditConfig(env, dataDir, isProduction),
    staticDir: env.ANXIN_STATIC_DIR ? resolve(env.ANXIN_STATIC_DIR) : null,
    devLoginEnabled: !isProduction && !appId,
    apiDocs: parseBool('ANXIN_API_DOCS', env.ANXIN_API_DOCS, !isProduction),
    session: {
      idleTtlHours: parsePositiveInt('SESSION_IDLE_HOURS', env.SESSION_IDLE_HOURS, 24 * 14),
      absoluteTtlHours: parsePositiveInt('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 24 * 60),
    },
    runWorker: parseBool('ANXIN_WORKER', env.ANXIN_WORKER, true),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    demoSeed: parseDemoSeed(env.ANXIN_DEMO_SEED, isProduction),
    demoWechatConsent: parseDemoOnly('ANXIN_DEMO_WECHAT_CONSENT', env.ANXIN_DEMO_WECHAT_CONSENT, isProduction),
    logLevel: parseLogLevel(env.LOG_LEVEL, nodeEnv === 'test' ? 'warn' : 'info'),
    logRequests: parseBool('ANXIN_LOG_REQUESTS', env.ANXIN_LOG_REQUESTS, true),
    dataDir,
  };
}

/** TENCENTCLOUD_*, SMS_*, VMS_*: optional as a whole; a half-filled set stops the start with the missing name. */
function telephonyConfig(env: Env): TelephonyConfig | null {
  try {
    return parseTelephonyConfig(env);
  } catch (e) {
    if (e instanceof TelephonyConfigError) throw new ConfigError(e.variable, e.message.replace(`Configuration error: ${e.variable} `, ''));
    throw e;
  }
}

function nonEmpty(v: string | undefined): string | null {
  return v && v.trim() ? v.trim() : null;
}

function parseNodeEnv(v: string | undefined): AppConfig['nodeEnv'] {
  if (!v) return 'development';
  if (v === 'development' || v === 'test' || v === 'production') return v;
  throw new ConfigError('NODE_ENV', `must be development, test or production (got "${v}")`);
}

function parsePort(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(name, `must be a port number 0–65535 (got "${v}")`);
  return n;
}

function parsePositiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(name, `must be a positive whole number (got "${v}")`);
  return n;
}

function parseBool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${v}")`);
}

/**
 * TRUST_PROXY: false, true (every peer is a proxy) or the proxies' addresses/CIDRs, comma-separated. A hop count is
 * refused: it cannot check that the peer sending X-Forwarded-For is the proxy, so a client reaching the server directly
 * could name any address (fastify 5.12 trusts nobody when given one, which would put every reporter behind the proxy's
 * rate limit without a word).
 */
function parseTrustProxy(v: string | undefined): boolean | string {
  if (v === undefined || v.trim() === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v.trim())) throw new ConfigError('TRUST_PROXY', `a hop count cannot tell the proxy from a client that reaches the server directly: give the proxy's addresses, e.g. 127.0.0.1 or 10.0.0.0/8 (got "${v}")`);
  if (/^[0-9a-fA-F.:/,\s]+$/.test(v)) return v;
  throw new ConfigError('TRUST_PROXY', `must be false, true or comma-separated proxy addresses (got "${v}")`);
}

function parseDemoOnly(name: string, v: string | undefined, isProduction: boolean): boolean {
  const on = parseBool(name, v, false);
  if (on && isProduction) throw new ConfigError(name, 'cannot be enabled when NODE_ENV=production');
  return on;
}

function parseDemoSeed(v: string | undefined, isProduction: boolean): boolean {
  const on = parseBool('ANXIN_DEMO_SEED', v, false);
  if (on && isProduction) throw new ConfigError('ANXIN_DEMO_SEED', 'cannot be enabled when NODE_ENV=production');
  return on;
}

const TEMPLATES_SHAPE = 'must be a JSON object of template kind → template id, e.g. {"tip.new":"AbC…"}';

/**
 * WECHAT_TEMPLATES: JSON object of template kind → template id, merged over the dev placeholders. Keys must be
 * kinds the server knows (or "*"), so a misspelt kind cannot silently fall back to a placeholder. In production
 * the dev placeholders mean nothing to WeChat, so the variable is required and must give every kind an id.
 */
function parseTemplates(v: string | undefined, isProduction: boolean): Record<string, string> {
  if (v === undefined || v.trim() === '') {
    if (isProduction) throw new ConfigError('WECHAT_TEMPLATES', `is required when NODE_ENV=production: a JSON object of template kind → subscribe template id for ${knownKinds().join(', ')}`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new ConfigError('WECHAT_TEMPLATES', TEMPLATES_SHAPE);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((x) => typeof x !== 'string' || !x)) {
    throw new ConfigError('WECHAT_TEMPLATES', TEMPLATES_SHAPE);
  }
  const templates = parsed as Record<string, string>;
  const unknown = Object.keys(templates).filter((k) => k !== '*' && !knownKinds().includes(k));
  if (unknown.length) throw new ConfigError('WECHAT_TEMPLATES', `names unknown kinds: ${unknown.join(', ')} (known: ${knownKinds().join(', ')}, *)`);
  const missing = knownKinds().filter((k) => !templates[k]);
  if (isProduction && missing.length) throw new ConfigError('WECHAT_TEMPLATES', `has no template id for ${missing.join(', ')} (every kind needs one when NODE_ENV=production)`);
  return templates;
}

/** WECHAT_TEMPLATE_MODES: JSON object of template kind → "one_time" | "long_term". */
function parseTemplateModes(v: string | undefined): Record<string, 'one_time' | 'long_term'> {
  if (!v || !v.trim()) return {};
  const shape = 'must be a JSON object of template kind → "one_time" or "long_term", e.g. {"tip.new":"long_term"}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new ConfigError('WECHAT_TEMPLATE_MODES', shape);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((x) => x !== 'one_time' && x !== 'long_term')) {
    throw new ConfigError('WECHAT_TEMPLATE_MODES', shape);
  }
  const unknown = Object.keys(parsed).filter((k) => !knownKinds().includes(k));
  if (unknown.length) throw new ConfigError('WECHAT_TEMPLATE_MODES', `names unknown kinds: ${unknown.join(', ')}`);
  return parsed as Record<string, 'one_time' | 'long_term'>;
}

/** WECHAT_PUSH_AES_KEY: the console's EncodingAESKey, 43 base64 characters (32 bytes once "=" is appended). */
function parsePushAesKey(v: string | undefined): Buffer | null {
  const key = nonEmpty(v);
  if (!key) return null;
  if (!/^[A-Za-z0-9+/]{43}$/.test(key)) throw new ConfigError('WECHAT_PUSH_AES_KEY', 'must be the 43-character EncodingAESKey from the mini-program console');
  return Buffer.from(`${key}=`, 'base64');
}

function knownKinds(): string[] {
  return TEMPLATE_DEFS.map((d) => d.kind);
}

function parseMiniprogramState(v: string | undefined, dflt: AppConfig['wechat']['miniprogramState']): AppConfig['wechat']['miniprogramState'] {
  if (v === undefined || v === '') return dflt;
  if (v === 'developer' || v === 'trial' || v === 'formal') return v;
  throw new ConfigError('WECHAT_MINIPROGRAM_STATE', `must be developer, trial or formal (got "${v}")`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseLogLevel(v: string | undefined, dflt: string): string {
  if (v === undefined || v === '') return dflt;
  if (LOG_LEVELS.includes(v)) return v;
  throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${v}")`);
}

function parseBaseUrl(name: string, v: string | undefined, dflt: string): string {
  const raw = v || dflt;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, `must be an http(s) URL (got "${raw}")`);
  }
}

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/anxin.db');
    return { type: 'better-sqlite3', url, file: file === ':memory:' ? file : resolve(file) };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // The URL is not echoed: it may hold a password.
    throw new ConfigError('DATABASE_URL', 'is not a valid URL; use sqlite:./data/anxin.db, mariadb://user:pass@host:3306/db or mysql://…');
  }
  const scheme = u.protocol.replace(':', '');
  if (scheme !== 'mariadb' && scheme !== 'mysql') {
    throw new ConfigError('DATABASE_URL', `must start with sqlite:, mariadb:// or mysql:// (got "${scheme}:")`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database) throw new ConfigError('DATABASE_URL', 'must name a database, e.g. mariadb://root@127.0.0.1:3306/anxin');
  return {
    type: scheme,
    url,
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    username: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    database,
  };
}

function parseMasterKey(v: string, source = 'ANXIN_MASTER_KEY'): Buffer {
  // Node's base64 decoder skips characters it does not know, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v.trim())) throw new ConfigError('ANXIN_MASTER_KEY', `must be 32 bytes in base64 (${source} is not base64)`);
  const key = Buffer.from(v.trim(), 'base64');
  if (key.length !== 32) throw new ConfigError('ANXIN_MASTER_KEY', `must be 32 bytes in base64 (${source} has ${key.length} bytes)`);
  return key;
}

/**
 * ANXIN_AUDIT_SIGNING_KEY (Ed25519: PEM PKCS#8, or base64 of PKCS#8 DER or of the 32-byte seed; outside production
 * generated once under the data folder), ANXIN_AUDIT_PUBLIC_KEY (more trusted public keys, comma-separated: the keys
 * of earlier checkpoints after a key change) and ANXIN_AUDIT_CHECKPOINT_DIR (default <data>/audit-checkpoints).
 */
function parseAuditConfig(env: Env, dataDir: string, isProduction: boolean): AppConfig['audit'] {
  const given = nonEmpty(env.ANXIN_AUDIT_SIGNING_KEY);
  if (isProduction) {
    if (!given) throw new ConfigError('ANXIN_AUDIT_SIGNING_KEY', 'is required when NODE_ENV=production (generate one with npm run audit:keygen)');
    if (!nonEmpty(env.ANXIN_AUDIT_CHECKPOINT_DIR)) throw new ConfigError('ANXIN_AUDIT_CHECKPOINT_DIR', 'is required when NODE_ENV=production (a folder on another host than the database)');
  }
  let signingKey: KeyObject;
  const file = resolve(dataDir, 'dev-audit-signing-key');
  try {
    if (given) {
      signingKey = parsePrivateKey(given);
    } else if (existsSync(file)) {
      signingKey = parsePrivateKey(readFileSync(file, 'utf8'));
    } else {
      mkdirSync(dirname(file), { recursive: true });
      const generated = generateSigningKey().privateKey;
      writeFileSync(file, generated, { mode: 0o600 });
      signingKey = parsePrivateKey(generated);
    }
  } catch (e) {
    if (e instanceof AuditKeyError) throw new ConfigError('ANXIN_AUDIT_SIGNING_KEY', given ? e.message : `${e.message} (the development key file ${file})`);
    throw e;
  }
  const trustedKeys = [publicKeyOf(signingKey)];
  const more = nonEmpty(env.ANXIN_AUDIT_PUBLIC_KEY);
  if (more) {
    try {
      trustedKeys.push(...parsePublicKeys(more));
    } catch (e) {
      if (e instanceof AuditKeyError) throw new ConfigError('ANXIN_AUDIT_PUBLIC_KEY', e.message);
      throw e;
    }
  }
  return { signingKey, trustedKeys, checkpointDir: resolve(nonEmpty(env.ANXIN_AUDIT_CHECKPOINT_DIR) ?? resolve(dataDir, 'audit-checkpoints')) };
}

/** Outside production a master key is generated once and kept under the data folder. */
function devMasterKey(dataDir: string): Buffer {
  const file = resolve(dataDir, 'dev-master-key');
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8').trim(), `the development key file ${file}`);
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export function masterKeyId(key: Buffer): string {
  // A short fingerprint that names the key without revealing it.
  return createHash('sha256').update('anxin-master-key-id').update(key).digest('hex').slice(0, 12);
}
