import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as QRCode from 'qrcode';
import sharp from 'sharp';
import { devTemplateKeys } from '../../../server/src/platform/wechat/templates';
import { signedPush, type PushEventSpec, type PushTarget } from './fake-push';

/**
 * A fake of the WeChat and WeCom server APIs (WeChat's documented paths, fields and error codes), over real HTTP, for tests
 * and the demo. Errors are HTTP 200 with `{errcode, errmsg: "… rid: …"}` like the real thing. Like WeChat it accepts
 * a subscribe message only for a template the user allowed (a one-time credit, spent by the message, or long-term
 * consent; `grantSubscription` stands in for the tap on 允许), else 43101. It records every message it receives
 * and injects faults on demand.
 */
export type FakeEndpoint = 'code2session' | 'token' | 'stable_token' | 'subscribe' | 'msg_sec_check' | 'webhook' | 'wxacode';

export type FaultKind =
  | { type: 'errcode'; errcode: number; errmsg?: string } // e.g. -1 busy, 45009 rate limit, 43101 refused
  | { type: 'invalidate_token' } // every issued token becomes invalid; this call answers 40001
  | { type: 'http500' }
  | { type: 'delay'; ms: number } // answer normally, late
  | { type: 'drop' }; // destroy the connection without answering

export interface Fault {
  endpoint: FakeEndpoint | '*';
  fault: FaultKind;
  /** Applies to the next `count` matching calls (default 1)… */
  count?: number;
  /** …or to every matching call for this long. */
  forMs?: number;
}

export interface ReceivedMessage {
  seq: number;
  at: string;
  endpoint: 'subscribe' | 'webhook';
  /** The sender's `X-Idempotency-Key` header (the outbox row id), to count duplicates. */
  idempotencyKey: string | null;
  errcode: number;
  /** subscribe/send */
  touser?: string;
  templateId?: string;
  page?: string | null;
  data?: Record<string, { value: string }>;
  miniprogramState?: string;
  /** webhook/send */
  robotKey?: string;
  msgtype?: string;
  content?: string;
}

export interface FakeWechatOptions {
  port?: number;
  host?: string;
  /** Lifetime of issued access tokens (default 7200 s). */
  tokenTtlSeconds?: number;
  /** msg_sec_check answers risky for content containing any of these. */
  riskyKeywords?: string[];
  /** msg_sec_check answers review (label 21000, "other") for content containing any of these and none of the risky ones. */
  reviewKeywords?: string[];
  /** Template id → keys; defaults to the server's dev placeholders. */
  templates?: Record<string, string[]>;
  robotPerMinute?: number;
  /** Where and how to deliver message pushes (消息推送) to the server. */
  push?: PushTarget;
  /** getwxacodeunlimit with check_path: pages that exist in the released app (default: any well-formed page). */
  publishedPages?: string[];
}

interface IssuedToken { token: string; expiresAt: number; invalid: boolean }
interface ActiveFault extends Fault { remaining: number; until: number | null }

const DEFAULT_RISKY = ['赌博', '色情', '代开发票'];
const DEFAULT_REVIEW = ['待人工复核'];

export class FakeWechat {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private readonly received: ReceivedMessage[] = [];
  private readonly codes: Array<{ scene: string; page: string; width: number; envVersion: string }> = [];
  private readonly knownOpenids = new Set<string>();
  private readonly usedCodes = new Set<string>();
  /** openid → the session_key and app id of that user's latest login (a new login replaces both, as WeChat rotates keys). */
  private readonly sessionKeys = new Map<string, { sessionKey: string; appid: string }>();
  /** Login codes that answer a chosen openid (`mapCode`). */
  private readonly codeOpenids = new Map<string, string>();
  private tokens: IssuedToken[] = [];
  private stableToken: IssuedToken | null = null;
  private faults: ActiveFault[] = [];
  private readonly robotSends = new Map<string, number[]>();
  /** WeCom robot keys the fake knows (created by `createRobot`), and whether the robot was removed from its group since. */
  private readonly robotKeys = new Map<string, { removed: boolean }>();
  /** The clock of the robots' per-minute window and of their recorded posts (tests share the server's Clock with it). */
  robotClock: () => number = () => Date.now();
  private readonly callCounts: Record<string, number> = {};
  private seq = 0;
  /**
   * Subscription consent, as WeChat keeps it: `${openid}|${templateId}` → one-time credits left (each 允许 adds one,
   * each accepted message spends one), and the long-term consents. subscribe/send answers 43101 without either.
   */
  private readonly oneTimeCredits = new Map<string, number>();
  private readonly longTermConsents = new Set<string>();
  push: PushTarget | null;
  tokenTtlSeconds: number;
  riskyKeywords: string[];
  reviewKeywords: string[];
  templates: Record<string, string[]>;
  robotPerMinute: number;
  url = '';

  constructor(private readonly options: FakeWechatOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
    this.riskyKeywords = options.riskyKeywords ?? DEFAULT_RISKY;
    this.reviewKeywords = options.reviewKeywords ?? DEFAULT_REVIEW;
    this.templates = { ...(options.templates ?? devTemplateKeys()) };
    this.robotPerMinute = options.robotPerMinute ?? 20;
    this.push = options.push ?? null;
  }

  // ---- subscription consent and message push ------------------------------------------------------

  /**
   * The user tapped 允许 (or 拒绝) in a consent dialog: a one-time accept adds one credit, a long-term accept turns
   * the template on until revoked. With a push target, WeChat's subscribe_msg_popup_event follows, as it does.
   */
  async grantSubscription(openid: string, templateId: string, mode: 'one_time' | 'long_term' = 'one_time', result: 'accept' | 'reject' = 'accept'): Promise<void> {
    const k = `${openid}|${templateId}`;
    if (result === 'accept') {
      if (mode === 'long_term') this.longTermConsents.add(k);
      else this.oneTimeCredits.set(k, (this.oneTimeCredits.get(k) ?? 0) + 1);
    } else if (mode === 'long_term') {
      this.longTermConsents.delete(k);
    }
    if (this.push?.url) await this.deliverPush({ openid, event: 'subscribe_msg_popup_event', list: [{ TemplateId: templateId, SubscribeStatusString: result, PopupScene: '0' }] });
  }

  /** The user switched the template off in WeChat settings: credits and long-term consent gone, change event pushed. */
  async revokeSubscription(openid: string, templateId: string): Promise<void> {
    const k = `${openid}|${templateId}`;
    this.oneTimeCredits.delete(k);
    this.longTermConsents.delete(k);
    if (this.push?.url) await this.deliverPush({ openid, event: 'subscribe_msg_change_event', list: [{ TemplateId: templateId, SubscribeStatusString: 'reject' }] });
  }

  /** What the fake holds for a user and template. */
  subscription(openid: string, templateId: string): { oneTime: number; longTerm: boolean } {
    const k = `${openid}|${templateId}`;
    return { oneTime: this.oneTimeCredits.get(k) ?? 0, longTerm: this.longTermConsents.has(k) };
  }

  /** POSTs one push to the configured server URL, signed (and encrypted in safe mode); returns the answer. */
  async deliverPush(spec: PushEventSpec, timestamp?: number): Promise<{ status: number; body: string }> {
    if (!this.push?.url) throw new Error('fake WeChat: no push target configured');
    const p = signedPush(this.push, spec, timestamp);
    const res = await fetch(`${this.push.url}?${p.query}`, { method: 'POST', headers: { 'content-type': p.contentType }, body: p.body });
    return { status: res.status, body: await res.text() };
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((e) => {
      if (!res.headersSent) this.json(res, 500, { errcode: -1, errmsg: `fake crashed: ${(e as Error).message}` });
    }));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${addr.address === '::' ? '127.0.0.1' : addr.address}:${addr.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- what tests read and set --------------------------------------------------------------------

  /** Every message received (accepted or refused), oldest first. */
  messages(): ReceivedMessage[] {
    return this.received.map((m) => ({ ...m }));
  }

  /** Messages accepted (errcode 0). */
  delivered(): ReceivedMessage[] {
    return this.messages().filter((m) => m.errcode === 0);
  }

  /** Calls per endpoint since the last reset (e.g. `stats().stable_token`). */
  stats(): Record<string, number> {
    return { ...this.callCounts };
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.forMs ? Infinity : fault.count ?? 1, until: fault.forMs ? Date.now() + fault.forMs : null });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Makes an openid known (as if its user had logged in), so subscribe messages to it are not refused with 40003 (they still need consent). */
  registerOpenid(openid: string): void {
    this.knownOpenids.add(openid);
  }

  /** The openid a login code maps to: `code-<who>` or `code-<who>.<anything>` → one stable openid per <who>. */
  static openidForCode(code: string): string | null {
    const m = /^code-([A-Za-z0-9_-]{1,64})(?:\.[A-Za-z0-9_-]{1,64})?$/.exec(code);
    if (!m) return null;
    return `o${createHash('sha256').update(`fake-openid:${m[1]}`).digest('base64url').slice(0, 27)}`;
  }

  /** Makes login code `code` answer `openid` (e.g. a demo user's `demo:teacher`), as if that user had called wx.login. */
  mapCode(code: string, openid: string): void {
    this.codeOpenids.set(code, openid);
  }

  /**
   * What `wx.getGroupEnterInfo()` gives a user who opened a share card from group `opengid`: the JSON WeChat
   * documents, AES-128-CBC/PKCS#7 under the user's current session_key (from their latest login here). `watermark`
   * overrides the app id (default: the one the user logged in with) or the time in seconds (default: now), to make
   * data from another app or stale data. `opengid: null` gives a one-to-one chat's data.
   */
  groupEnterInfo(openid: string, opengid: string | null, watermark: { appid?: string; timestamp?: number } = {}): { encryptedData: string; iv: string } {
    const session = this.sessionKeys.get(openid);
    if (!session) throw new Error(`fake WeChat: ${openid} has not logged in`);
    const plain = {
      ...(opengid === null ? { open_single_roomid: `sr_${randomBytes(8).toString('hex')}`, chat_type: 2 } : { opengid, chat_type: 3 }),
      watermark: { appid: watermark.appid ?? session.appid, timestamp: watermark.timestamp ?? Math.floor(Date.now() / 1000) },
    };
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', Buffer.from(session.sessionKey, 'base64'), iv);
    const encryptedData = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]).toString('base64');
    return { encryptedData, iv: iv.toString('base64') };
  }

  /** Forgets the recorded messages only (tokens, faults and counters stay). */
  clearMessages(): void {
    this.received.length = 0;
  }

  /** Forgets messages, faults, tokens, used codes and counters (known openids and what users allowed stay, as in WeChat). */
  reset(): void {
    this.received.length = 0;
    this.codes.length = 0;
    this.faults = [];
    this.tokens = [];
    this.stableToken = null;
    this.usedCodes.clear();
    this.robotSends.clear();
    for (const k of Object.keys(this.callCounts)) delete this.callCounts[k];
    this.seq = 0;
  }

  // ---- WeCom group robots ---------------------------------------------------------------------------

  /**
   * A robot added to a WeCom group: WeCom shows its webhook URL, whose `key` is the robot's only credential. Only
   * keys made here are accepted by webhook/send (any other answers 93000), as in WeCom.
   */
  createRobot(key: string = randomUUID()): string {
    this.robotKeys.set(key, { removed: false });
    return key;
  }

  /** The robot was removed from its group (or the group dissolved): its key answers 93000 from now on. */
  removeRobot(key: string): void {
    this.robotKeys.set(key, { removed: true });
  }

  /** Posts WeCom accepted for `key` (all robots without one), oldest first. */
  robotPosts(key?: string): ReceivedMessage[] {
    return this.delivered().filter((m) => m.endpoint === 'webhook' && (key === undefined || m.robotKey === key));
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = req.method === 'POST' ? await readBody(req) : '';
    const path = url.pathname;
    if (path.startsWith('/__fake')) return this.handleControl(req, res, path, url, body);
    const endpoint = ENDPOINTS[path];
    if (!endpoint) return this.json(res, 404, { errcode: 404, errmsg: `unknown path ${path}` });
    this.callCounts[endpoint] = (this.callCounts[endpoint] ?? 0) + 1;
    let json: any = {};
    if (req.method === 'POST') {
      try {
        json = body ? JSON.parse(body) : {};
      } catch {
        return this.error(res, 47001, 'data format error');
      }
    }
    const fault = this.takeFault(endpoint);
    if (fault) {
      switch (fault.type) {
        case 'drop':
          req.socket.destroy();
          return;
        case 'http500':
          return this.json(res, 500, { message: 'internal error' });
        case 'delay':
          await new Promise((r) => setTimeout(r, fault.ms));
          break;
        case 'invalidate_token':
          for (const t of this.tokens) t.invalid = true;
          this.recordIfMessage(endpoint, req, url, json, 40001);
          return this.error(res, 40001, 'invalid credential, access_token is invalid or not latest');
        case 'errcode':
          this.recordIfMessage(endpoint, req, url, json, fault.errcode);
          return this.error(res, fault.errcode, fault.errmsg ?? ERRMSG[fault.errcode] ?? 'injected error');
      }
    }
    switch (endpoint) {
      case 'code2session':
        return this.code2session(res, url);
      case 'token':
        return this.token(res, url);
      case 'stable_token':
        return this.stable(res, json);
      case 'subscribe':
        return this.subscribe(req, res, url, json);
      case 'msg_sec_check':
        return this.secCheck(res, url, json);
      case 'webhook':
        return this.webhook(req, res, url, json);
      case 'wxacode':
        return this.wxacode(res, url, json);
    }
  }

  private takeFault(endpoint: FakeEndpoint): FaultKind | null {
    const now = Date.now();
    this.faults = this.faults.filter((f) => f.remaining > 0 && (f.until === null || f.until > now));
    const f = this.faults.find((x) => x.endpoint === endpoint || x.endpoint === '*');
    if (!f) return null;
    f.remaining--;
    return f.fault;
  }

  private code2session(res: ServerResponse, url: URL) {
    const code = url.searchParams.get('js_code');
    if (!url.searchParams.get('appid')) return this.error(res, 40013, 'invalid appid');
    if (!code) return this.error(res, 41008, 'missing code');
    const openid = this.codeOpenids.get(code) ?? FakeWechat.openidForCode(code);
    if (!openid) return this.error(res, 40029, 'invalid code');
    if (this.usedCodes.has(code)) return this.error(res, 40163, 'code been used');
    this.usedCodes.add(code);
    this.knownOpenids.add(openid);
    const session_key = randomBytes(16).toString('base64');
    this.sessionKeys.set(openid, { sessionKey: session_key, appid: url.searchParams.get('appid')! });
    return this.json(res, 200, { openid, session_key });
  }

  private issue(): IssuedToken {
    const t = { token: `fake_at_${randomBytes(24).toString('base64url')}`, expiresAt: Date.now() + this.tokenTtlSeconds * 1000, invalid: false };
    this.tokens.push(t);
    return t;
  }

  private token(res: ServerResponse, url: URL) {
    if (url.searchParams.get('grant_type') !== 'client_credential') return this.error(res, 40002, 'invalid grant_type');
    if (!url.searchParams.get('appid')) return this.error(res, 40013, 'invalid appid');
    // Each call replaces the previous token; the old one keeps working for 5 more minutes.
    for (const t of this.tokens) t.expiresAt = Math.min(t.expiresAt, Date.now() + 5 * 60_000);
    const t = this.issue();
    return this.json(res, 200, { access_token: t.token, expires_in: this.tokenTtlSeconds });
  }

  private stable(res: ServerResponse, body: any) {
    if (body.grant_type !== 'client_credential') return this.error(res, 40002, 'invalid grant_type');
    if (!body.appid) return this.error(res, 40013, 'invalid appid');
    if (!body.secret) return this.error(res, 40125, 'invalid appsecret');
    const now = Date.now();
    const early = Math.min(5 * 60_000, (this.tokenTtlSeconds * 1000) / 4);
    const cur = this.stableToken;
    if (body.force_refresh === true || !cur || cur.invalid || cur.expiresAt - early <= now) {
      if (body.force_refresh === true && cur) cur.invalid = true;
      this.stableToken = this.issue();
    }
    const t = this.stableToken!;
    return this.json(res, 200, { access_token: t.token, expires_in: Math.max(1, Math.round((t.expiresAt - now) / 1000)) });
  }

  /** null when the token is good; otherwise the error already sent. */
  private checkToken(res: ServerResponse, url: URL): boolean {
    const token = url.searchParams.get('access_token');
    const t = this.tokens.find((x) => x.token === token);
    if (!t || t.invalid) {
      this.error(res, 40001, 'invalid credential, access_token is invalid or not latest');
      return false;
    }
    if (t.expiresAt <= Date.now()) {
      this.error(res, 42001, 'access_token expired');
      return false;
    }
    return true;
  }

  private isKnown(openid: unknown): boolean {
    return typeof openid === 'string' && (this.knownOpenids.has(openid) || openid.startsWith('demo:'));
  }

  private recordIfMessage(endpoint: FakeEndpoint, req: IncomingMessage, url: URL, body: any, errcode: number) {
    if (endpoint !== 'subscribe' && endpoint !== 'webhook') return;
    const at = new Date(endpoint === 'webhook' ? this.robotClock() : Date.now()).toISOString();
    const common = { seq: ++this.seq, at, endpoint, idempotencyKey: header(req, 'x-idempotency-key'), errcode } as const;
    if (endpoint === 'subscribe') {
      this.received.push({
        ...common, touser: body.touser, templateId: body.template_id, page: body.page ?? null, data: body.data, miniprogramState: body.miniprogram_state,
      });
    } else {
      this.received.push({
        ...common, robotKey: url.searchParams.get('key') ?? '', msgtype: body.msgtype, content: body.text?.content ?? body.markdown?.content,
      });
    }
  }

  private subscribe(req: IncomingMessage, res: ServerResponse, url: URL, body: any) {
    if (!this.checkToken(res, url)) return;
    const refuse = (errcode: number, errmsg: string) => {
      this.recordIfMessage('subscribe', req, url, body, errcode);
      return this.error(res, errcode, errmsg);
    };
    if (!this.isKnown(body.touser)) return refuse(40003, 'invalid openid');
    const keys = this.templates[body.template_id];
    if (!keys) return refuse(40037, 'invalid template_id');
    // A page of the mini-program, main package or subpackage (`pages/x/index`, `subpackages/y/z/index?id=1`), no leading slash.
    if (body.page !== undefined && (typeof body.page !== 'string' || !/^[\w-]+(\/[\w-]+)+(\?.*)?$/.test(body.page))) return refuse(41030, 'invalid page');
    if (body.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(body.miniprogram_state)) {
      return refuse(47003, 'argument invalid! miniprogram_state invalid');
    }
    for (const key of keys) {
      const v = body.data?.[key]?.value;
      if (typeof v !== 'string' || !valueValid(key, v)) return refuse(47003, `argument invalid! data.${key}.value invalid`);
    }
    // Without long-term consent or a one-time credit WeChat refuses; a one-time credit is spent by the send.
    const k = `${body.touser}|${body.template_id}`;
    if (!this.longTermConsents.has(k)) {
      const left = this.oneTimeCredits.get(k) ?? 0;
      if (left <= 0) return refuse(43101, 'user refuse to accept the msg');
      this.oneTimeCredits.set(k, left - 1);
    }
    this.recordIfMessage('subscribe', req, url, body, 0);
    return this.json(res, 200, { errcode: 0, errmsg: 'ok' });
  }

  private secCheck(res: ServerResponse, url: URL, body: any) {
    if (!this.checkToken(res, url)) return;
    if (body.version !== 2) return this.error(res, 47001, 'version must be 2');
    if (!this.isKnown(body.openid)) return this.error(res, 40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(body.scene)) return this.error(res, 40129, 'invalid scene');
    if (typeof body.content !== 'string' || body.content.length > 2500) return this.error(res, 47001, 'content invalid');
    const text = `${body.title ?? ''}${body.content}`;
    const hit = this.riskyKeywords.find((k) => text.includes(k));
    const trace_id = randomBytes(12).toString('hex');
    const doubt = hit ? undefined : this.reviewKeywords.find((k) => text.includes(k));
    const result = hit ? { suggest: 'risky', label: 20006 } : doubt ? { suggest: 'review', label: 21000 } : { suggest: 'pass', label: 100 };
    const detail = [{ strategy: 'content_model', errcode: 0, suggest: result.suggest, label: result.label, prob: hit ? 90 : 0, ...(hit ? { keyword: hit } : {}) }];
    return this.json(res, 200, { errcode: 0, errmsg: 'ok', trace_id, result, detail });
  }

  private webhook(req: IncomingMessage, res: ServerResponse, url: URL, body: any) {
    const key = url.searchParams.get('key') ?? '';
    const refuse = (errcode: number, errmsg: string) => {
      this.recordIfMessage('webhook', req, url, body, errcode);
      return this.error(res, errcode, errmsg);
    };
    // WeCom knows only the keys of robots that exist: a made-up key, or a robot removed from its group, is 93000.
    if (!this.robotKeys.has(key) || this.robotKeys.get(key)!.removed) return refuse(93000, 'invalid webhook url');
    if (body.msgtype !== 'text' && body.msgtype !== 'markdown') return refuse(40008, 'invalid message type');
    const now = this.robotClock();
    const recent = (this.robotSends.get(key) ?? []).filter((t) => t > now - 60_000);
    this.robotSends.set(key, recent);
    if (recent.length >= this.robotPerMinute) return refuse(45009, 'api freq out of limit');
    const content = body.msgtype === 'text' ? body.text?.content : body.msgtype === 'markdown' ? body.markdown?.content : undefined;
    if (typeof content !== 'string' || !content) return refuse(44004, 'empty content');
    if (Buffer.byteLength(content) > (body.msgtype === 'text' ? 2048 : 4096)) return refuse(40058, 'content exceed max length');
    recent.push(now);
    this.recordIfMessage('webhook', req, url, body, 0);
    return this.json(res, 200, { errcode: 0, errmsg: 'ok' });
  }

  /**
   * getwxacodeunlimit: a real PNG (a plain QR code of `wxacode:<page>?scene=<scene>`, so a test can decode what it
   * would open) or the documented errcodes: 40169 bad scene, 41030 page malformed or not published, 40097 other
   * bad arguments.
   */
  private async wxacode(res: ServerResponse, url: URL, body: any) {
    if (!this.checkToken(res, url)) return;
    const scene = body.scene;
    if (typeof scene !== 'string' || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(scene)) return this.error(res, 40169, 'invalid length for scene, or the data is not json string');
    const page = body.page ?? 'pages/index/index';
    if (typeof page !== 'string' || !/^[\w-]+(\/[\w-]+)+$/.test(page)) return this.error(res, 41030, 'invalid page rid');
    if (body.check_path !== false && this.options.publishedPages && !this.options.publishedPages.includes(page)) return this.error(res, 41030, 'invalid page rid');
    if (body.env_version !== undefined && !['release', 'trial', 'develop'].includes(body.env_version)) return this.error(res, 40097, 'invalid args');
    const width = body.width ?? 430;
    if (!Number.isInteger(width) || width < 280 || width > 1280) return this.error(res, 40097, 'invalid args');
    this.codes.push({ scene, page, width, envVersion: body.env_version ?? 'release' });
    const png = await qrPng(`wxacode:${page}?scene=${scene}`, width);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    res.end(png);
  }

  /** Every mini-program code handed out (scene, page, width, env_version), oldest first. */
  codesIssued(): Array<{ scene: string; page: string; width: number; envVersion: string }> {
    return this.codes.map((c) => ({ ...c }));
  }

  private handleControl(req: IncomingMessage, res: ServerResponse, path: string, url: URL, body: string) {
    const parsed = () => (body ? JSON.parse(body) : {});
    if (req.method === 'GET' && (path === '/__fake' || path === '/__fake/')) return this.html(res);
    if (req.method === 'GET' && path === '/__fake/messages') return this.json(res, 200, { messages: this.messages() });
    if (req.method === 'GET' && path === '/__fake/stats') return this.json(res, 200, this.stats());
    if (req.method === 'POST' && path === '/__fake/faults') {
      this.injectFault(parsed());
      return this.json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/__fake/reset') {
      this.reset();
      return this.json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/__fake/subscribe') {
      // Stands in for the user's tap in the consent dialog: { openid, templateId, mode?: one_time|long_term, result?: accept|reject|revoke }
      const b = parsed();
      const done = b.result === 'revoke'
        ? this.revokeSubscription(String(b.openid), String(b.templateId))
        : this.grantSubscription(String(b.openid), String(b.templateId), b.mode === 'long_term' ? 'long_term' : 'one_time', b.result === 'reject' ? 'reject' : 'accept');
      return done.then(() => this.json(res, 200, { ok: true, ...this.subscription(String(b.openid), String(b.templateId)) }));
    }
    if (req.method === 'POST' && path === '/__fake/group-enter-info') {
      // { code? | openid?, opengid, appid?, timestamp? } → { encryptedData, iv } (a login code maps to its openid)
      const b = parsed();
      const openid = typeof b.code === 'string' ? FakeWechat.openidForCode(b.code) : String(b.openid);
      try {
        return this.json(res, 200, this.groupEnterInfo(String(openid), b.opengid === null ? null : String(b.opengid), { appid: b.appid, timestamp: b.timestamp }));
      } catch (e) {
        return this.json(res, 404, { error: (e as Error).message });
      }
    }
    if (req.method === 'POST' && path === '/__fake/robots') {
      // A robot added to a WeCom group: { key? } → { key } (a fresh key when none is given)
      const b = parsed();
      return this.json(res, 200, { key: this.createRobot(typeof b.key === 'string' && b.key ? b.key : undefined) });
    }
    if (req.method === 'POST' && path === '/__fake/robots/remove') {
      // The robot was removed from its group: { key } → its key answers 93000 from now on
      this.removeRobot(String(parsed().key));
      return this.json(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/__fake/openids') {
      this.registerOpenid(String(parsed().openid));
      return this.json(res, 200, { ok: true });
    }
    void url;
    return this.json(res, 404, { error: 'unknown control path' });
  }

  private html(res: ServerResponse) {
    const rows = [...this.received].reverse().map((m) => {
      const text = m.endpoint === 'subscribe'
        ? Object.entries(m.data ?? {}).map(([k, v]) => `<b>${esc(k)}</b> ${esc(v?.value ?? '')}`).join('<br>')
        : esc(m.content ?? '');
      const to = m.endpoint === 'subscribe' ? `${esc(m.touser ?? '')}<br><small>${esc(m.templateId ?? '')} ${esc(m.page ?? '')}</small>` : `robot ${esc(m.robotKey ?? '')}`;
      const status = m.errcode === 0 ? '<span class="ok">已送达</span>' : `<span class="err">errcode ${m.errcode}</span>`;
      return `<tr><td>${m.seq}</td><td>${esc(m.at.replace('T', ' ').slice(0, 19))}Z</td><td>${m.endpoint === 'subscribe' ? '订阅消息' : '企业微信群机器人'}</td><td>${to}</td><td>${text}</td><td>${status}</td></tr>`;
    }).join('');
    const keys = [...new Set([...this.oneTimeCredits.keys(), ...this.longTermConsents])].sort();
    const consents = keys.map((k) => {
      const [openid, templateId] = k.split('|');
      return `<tr><td>${esc(openid)}</td><td>${esc(templateId)}</td><td>${this.oneTimeCredits.get(k) ?? 0}</td><td>${this.longTermConsents.has(k) ? '是' : '否'}</td></tr>`;
    }).join('');
    const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>模拟微信服务器 · 收到的消息</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}.ok{color:#080}.err{color:#b00}small{color:#777}</style></head>
<body><h1>模拟微信服务器（Fake WeChat）</h1><p>安心家校发出的订阅消息和群机器人消息都会出现在这里（每 3 秒刷新）。共 ${this.received.length} 条。</p>
<table><thead><tr><th>#</th><th>时间</th><th>渠道</th><th>接收者</th><th>内容</th><th>结果</th></tr></thead><tbody>${rows || '<tr><td colspan="6">还没有消息</td></tr>'}</tbody></table>
<h2>订阅授权（用户点「允许」后才能收到订阅消息，否则 errcode 43101）</h2>
<table><thead><tr><th>用户</th><th>模板</th><th>一次性次数</th><th>长期订阅</th></tr></thead><tbody>${consents || '<tr><td colspan="4">还没有用户允许过订阅消息</td></tr>'}</tbody></table></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  }

  private json(res: ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private error(res: ServerResponse, errcode: number, errmsg: string) {
    const rid = `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
    return this.json(res, 200, { errcode, errmsg: `${errmsg} rid: ${rid}` });
  }
}

const ENDPOINTS: Record<string, FakeEndpoint> = {
  '/sns/jscode2session': 'code2session',
  '/cgi-bin/token': 'token',
  '/cgi-bin/stable_token': 'stable_token',
  '/cgi-bin/message/subscribe/send': 'subscribe',
  '/wxa/msg_sec_check': 'msg_sec_check',
  '/cgi-bin/webhook/send': 'webhook',
  '/wxa/getwxacodeunlimit': 'wxacode',
};

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  45009: 'reach max api daily quota limit',
  43101: 'user refuse to accept the msg',
  40003: 'invalid openid',
  40037: 'invalid template_id',
  41030: 'invalid page',
  40169: 'invalid length for scene, or the data is not json string',
};

/** WeChat's value rules, checked independently of the server's shaping code. */
export function valueValid(key: string, v: string): boolean {
  const kind = /^([a-z_]+?)\d+$/.exec(key)?.[1];
  const len = v.length;
  switch (kind) {
    case 'thing': return len >= 1 && len <= 20;
    case 'number': return /^-?\d{1,32}(\.\d+)?$/.test(v);
    case 'letter': return /^[A-Za-z]{1,32}$/.test(v);
    case 'symbol': return len >= 1 && [...v].length <= 5;
    case 'character_string': return /^[\x21-\x7e]{1,32}$/.test(v);
    case 'time': return /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}(~(\d{4}年\d{1,2}月\d{1,2}日 )?\d{2}:\d{2})?$/.test(v);
    case 'date': return /^\d{4}年\d{1,2}月\d{1,2}日(~\d{4}年\d{1,2}月\d{1,2}日)?$/.test(v);
    case 'amount': return /^[¥$￥]?\d{1,10}(\.\d{1,2})?元?$/.test(v);
    case 'phone_number': return /^[0-9+-]{1,17}$/.test(v);
    case 'car_number': return len >= 1 && [...v].length <= 8;
    case 'name': return /^[A-Za-z ]{1,20}$/.test(v) || (len >= 1 && [...v].length <= 10);
    case 'phrase': return /^\p{Script=Han}{1,5}$/u.test(v);
    default: return false;
  }
}

/** A QR code as a width×width grayscale PNG (drawn from the module matrix and encoded by sharp: quick). */
async function qrPng(text: string, width: number): Promise<Buffer> {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cells = modules.size + 2 * quiet;
  const pixels = Buffer.alloc(width * width, 255);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const mx = Math.floor((x * cells) / width) - quiet;
      const my = Math.floor((y * cells) / width) - quiet;
      if (mx >= 0 && my >= 0 && mx < modules.size && my < modules.size && modules.get(my, mx)) pixels[y * width + x] = 0;
    }
  }
  return sharp(pixels, { raw: { width, height: width, channels: 1 } }).png().toBuffer();
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
