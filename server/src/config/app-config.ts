import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

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
  wechat: { appId: string | null; secret: string | null; apiBase: string; wecomApiBase: string };
  /** 32-byte master key that wraps the per-school data keys. */
  masterKey: Buffer;
  masterKeyId: string;
  /** Serve the built h5 app from this folder at `/` when it exists. */
  staticDir: string | null;
  /** Dev login exists only when not production and no WeChat app id is configured. */
  devLoginEnabled: boolean;
  session: { idleTtlHours: number; absoluteTtlHours: number };
  /** Run the background worker inside the server process. */
  runWorker: boolean;
  /** Seed the demo districts, schools and users at start-up (never in production). */
  demoSeed: boolean;
  logLevel: string;
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
    },
    masterKey,
    masterKeyId: masterKeyId(masterKey),
    staticDir: env.ANXIN_STATIC_DIR ? resolve(env.ANXIN_STATIC_DIR) : null,
    devLoginEnabled: !isProduction && !appId,
    session: {
      idleTtlHours: parsePositiveInt('SESSION_IDLE_HOURS', env.SESSION_IDLE_HOURS, 24 * 14),
      absoluteTtlHours: parsePositiveInt('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 24 * 60),
    },
    runWorker: parseBool('ANXIN_WORKER', env.ANXIN_WORKER, true),
    demoSeed: parseDemoSeed(env.ANXIN_DEMO_SEED, isProduction),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info'),
    dataDir,
  };
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
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(name, `must be a port number 0–65535 (got "${v}")`);
  return n;
}

function parsePositiveInt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(name, `must be a positive whole number (got "${v}")`);
  return n;
}

function parseBool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false (got "${v}")`);
}

function parseDemoSeed(v: string | undefined, isProduction: boolean): boolean {
  const on = parseBool('ANXIN_DEMO_SEED', v, false);
  if (on && isProduction) throw new ConfigError('ANXIN_DEMO_SEED', 'cannot be enabled when NODE_ENV=production');
  return on;
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
    throw new ConfigError('DATABASE_URL', `is not a valid URL (got "${url}")`);
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

function parseMasterKey(v: string): Buffer {
  const key = Buffer.from(v, 'base64');
  if (key.length !== 32) throw new ConfigError('ANXIN_MASTER_KEY', `must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}

/** Outside production a master key is generated once and kept under the data folder. */
function devMasterKey(dataDir: string): Buffer {
  const file = resolve(dataDir, 'dev-master-key');
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8').trim());
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export function masterKeyId(key: Buffer): string {
  // A short fingerprint that names the key without revealing it.
  return createHash('sha256').update('anxin-master-key-id').update(key).digest('hex').slice(0, 12);
}
