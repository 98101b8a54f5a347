import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseTc3Authorization, tc3Date, tc3Signature } from '../../../server/src/platform/telephony/tc3-signer';

/**
 * A fake of Tencent Cloud's SMS (`SendSms`, 2021-01-11) and Voice Messaging (`SendTtsVoice`, 2020-09-02) APIs over real
 * HTTP, for tests and the demo. Like the real thing it checks every request's TC3-HMAC-SHA256 signature (against the
 * Host header it received, the service in the credential scope and the raw body) and refuses a bad one with
 * `{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure",…},"RequestId":…}}`. It records every SMS and call, and
 * plays per number what the person does: presses 1, answers without pressing, does not answer, is busy, or the
 * provider refuses (FailedOperation) or rate-limits (LimitExceeded). The resulting callbacks (SMS receipt, call
 * status, key press) are POSTed to `callbackBase` when given, and kept for `takeCallbacks()` either way.
 */
export type PhoneBehaviour = 'press1' | 'answer' | 'no_answer' | 'busy' | 'error' | 'rate_limit';

export interface FakeSms {
  seq: number;
  at: string;
  phone: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  params: string[];
  serialNo: string | null;
  result: string;
}

export interface FakeCall {
  seq: number;
  at: string;
  phone: string;
  sdkAppId: string;
  templateId: string;
  params: string[];
  callId: string | null;
  behaviour: PhoneBehaviour;
  result: string;
}

export interface FakeCallback {
  channel: 'sms' | 'voice';
  body: unknown;
}

export interface FakeTencentCloudOptions {
  port?: number;
  host?: string;
  secretId: string;
  secretKey: string;
  /** e.g. `http://127.0.0.1:3000/api/v1/telephony/callbacks` and the token: callbacks go to `${base}/sms|voice/${token}`. */
  callbackBase?: string;
  callbackToken?: string;
  /** What a number without a behaviour of its own does (default: does not answer). */
  defaultBehaviour?: PhoneBehaviour;
}

const VERSIONS: Record<string, string> = { sms: '2021-01-11', vms: '2020-09-02' };
const national = (phone: string) => phone.replace(/^\+86/, '');

export class FakeTencentCloud {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private readonly behaviours = new Map<string, PhoneBehaviour>();
  private pending: FakeCallback[] = [];
  private seq = 0;
  readonly sms: FakeSms[] = [];
  readonly calls: FakeCall[] = [];
  /** Requests refused for their signature. */
  readonly refused: { at: string; action: string; code: string }[] = [];
  url = '';

  constructor(private readonly options: FakeTencentCloudOptions) {}

  /** What the person at `phone` (11 digits or +86…) does when called. */
  setBehaviour(phone: string, behaviour: PhoneBehaviour): void {
    this.behaviours.set(national(phone), behaviour);
  }

  /** Where callbacks go (a server started after the fake: its URL is known only then). */
  setCallbackTarget(callbackBase: string, callbackToken: string): void {
    this.options.callbackBase = callbackBase;
    this.options.callbackToken = callbackToken;
  }

  /** The callbacks made since the last call (for tests that deliver them to an in-process server). */
  takeCallbacks(): FakeCallback[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  reset(): void {
    this.sms.length = 0;
    this.calls.length = 0;
    this.refused.length = 0;
    this.pending = [];
    this.behaviours.clear();
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve()));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private behaviourOf(phone: string): PhoneBehaviour {
    return this.behaviours.get(national(phone)) ?? this.options.defaultBehaviour ?? 'no_answer';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (path === '/__fake' || path === '/__fake/')) return this.page(res);
    if (req.method === 'GET' && path === '/__fake/records') return json(res, { sms: this.sms, calls: this.calls, refused: this.refused });
    if (req.method === 'POST' && path === '/__fake/behaviour') {
      const { phone, behaviour } = JSON.parse(raw || '{}');
      this.setBehaviour(String(phone), behaviour);
      return json(res, { ok: true });
    }
    if (req.method === 'POST' && path === '/__fake/reset') {
      this.reset();
      return json(res, { ok: true });
    }
    if (req.method !== 'POST' || path !== '/') return json(res, { error: 'not found' }, 404);
    const action = String(req.headers['x-tc-action'] ?? '');
    const refusal = this.checkSignature(req, raw);
    if (refusal) {
      this.refused.push({ at: new Date().toISOString(), action, code: refusal.code });
      return json(res, tencentError(refusal.code, refusal.message));
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, tencentError('InvalidParameter', 'body is not JSON'));
    }
    if (action === 'SendSms') return json(res, this.sendSms(body));
    if (action === 'SendTtsVoice') return json(res, this.sendTtsVoice(body));
    return json(res, tencentError('InvalidAction', `action ${action} not found`));
  }

  /** The checks Tencent makes, in its order: a TC3 header, a known SecretId, the product's version, the date, the signature. */
  private checkSignature(req: IncomingMessage, raw: string): { code: string; message: string } | null {
    const auth = parseTc3Authorization(String(req.headers.authorization ?? ''));
    if (!auth) return { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization is not TC3-HMAC-SHA256' };
    if (auth.secretId !== this.options.secretId) return { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found' };
    if (VERSIONS[auth.service] !== req.headers['x-tc-version']) return { code: 'InvalidParameterValue', message: `version ${req.headers['x-tc-version']} is not ${auth.service}'s` };
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return { code: 'AuthFailure.SignatureExpire', message: 'Signature expired' };
    if (tc3Date(timestamp) !== auth.date) return { code: 'AuthFailure.SignatureFailure', message: 'The credential date is not the timestamp\'s UTC date' };
    if (auth.signedHeaders !== 'content-type;host') return { code: 'AuthFailure.SignatureFailure', message: 'SignedHeaders must be content-type;host' };
    const expected = tc3Signature({
      secretId: auth.secretId, secretKey: this.options.secretKey, service: auth.service, host: String(req.headers.host ?? ''),
      payload: raw, timestamp, contentType: String(req.headers['content-type'] ?? ''),
    });
    if (expected !== auth.signature) return { code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated. Please check your signature is correct.' };
    return null;
  }

  private sendSms(body: any): unknown {
    const phone = String(body?.PhoneNumberSet?.[0] ?? '');
    const behaviour = this.behaviourOf(phone);
    const record: FakeSms = {
      seq: ++this.seq, at: new Date().toISOString(), phone, sdkAppId: String(body?.SmsSdkAppId ?? ''), signName: String(body?.SignName ?? ''),
      templateId: String(body?.TemplateId ?? ''), params: (body?.TemplateParamSet ?? []).map(String), serialNo: null, result: 'Ok',
    };
    this.sms.push(record);
    if (behaviour === 'error') {
      record.result = 'FailedOperation.InsufficientBalanceInSmsPackage';
      return tencentError(record.result, 'insufficient balance in SMS package');
    }
    if (behaviour === 'rate_limit') {
      record.result = 'LimitExceeded.PhoneNumberThirtySecondLimit';
      return { Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: body?.SessionContext ?? '', Code: record.result, Message: 'the number exceeded the 30-second limit', IsoCode: 'CN' }], RequestId: randomUUID() } };
    }
    if (!/^\+?861[3-9]\d{9}$/.test(phone)) {
      // Like Tencent Cloud: an SMS goes to mainland mobiles only; a landline is refused for that number.
      record.result = 'InvalidParameterValue.IncorrectPhoneNumber';
      return { Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: body?.SessionContext ?? '', Code: record.result, Message: 'incorrect phone number', IsoCode: 'CN' }], RequestId: randomUUID() } };
    }
    record.serialNo = `2433:${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    this.callback('sms', [{ user_receive_time: stamp(), nationcode: '86', mobile: national(phone), report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: record.serialNo }]);
    return { Response: { SendStatusSet: [{ SerialNo: record.serialNo, PhoneNumber: phone, Fee: 1, SessionContext: body?.SessionContext ?? '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: randomUUID() } };
  }

  private sendTtsVoice(body: any): unknown {
    const phone = String(body?.CalledNumber ?? '');
    const behaviour = this.behaviourOf(phone);
    const record: FakeCall = {
      seq: ++this.seq, at: new Date().toISOString(), phone, sdkAppId: String(body?.VoiceSdkAppid ?? ''), templateId: String(body?.TemplateId ?? ''),
      params: (body?.TemplateParamSet ?? []).map(String), callId: null, behaviour, result: 'Ok',
    };
    this.calls.push(record);
    if (behaviour === 'error') {
      record.result = 'FailedOperation';
      return tencentError(record.result, 'the call could not be placed');
    }
    if (behaviour === 'rate_limit') {
      record.result = 'LimitExceeded';
      return tencentError(record.result, 'too many calls to this number');
    }
    record.callId = randomUUID().replace(/-/g, '');
    const status = (result: string) => ({ voiceprompt_callback: { result, accept_time: stamp(), call_from: '', callid: record.callId, end_calltime: stamp(), fee: result === '0' ? '1' : '0', mobile: national(phone), nationcode: '86', start_calltime: stamp() } });
    if (behaviour === 'press1') this.callback('voice', { voicekey_callback: { call_from: '', callid: record.callId, keypress: '1', mobile: national(phone), nationcode: '86' } });
    this.callback('voice', status(behaviour === 'press1' || behaviour === 'answer' ? '0' : behaviour === 'busy' ? '2' : '1'));
    return { Response: { SendStatus: { CallId: record.callId, SessionContext: body?.SessionContext ?? '' }, RequestId: randomUUID() } };
  }

  /** Kept for takeCallbacks(); POSTed to the server too when a callback base is configured (after the answer). */
  private callback(channel: 'sms' | 'voice', body: unknown): void {
    this.pending.push({ channel, body });
    const { callbackBase, callbackToken } = this.options;
    if (!callbackBase || !callbackToken) return;
    // Like the provider, a callback the server did not take (not 200) is delivered again, up to 3 times: a report can
    // arrive before the server has finished recording the call it is about.
    const deliver = (attempt: number) => {
      fetch(`${callbackBase}/${channel}/${callbackToken}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then((res) => (res.status === 200 || attempt >= 3 ? undefined : void setTimeout(() => deliver(attempt + 1), 500)))
        .catch(() => undefined);
    };
    setTimeout(() => deliver(1), 200);
  }

  private page(res: ServerResponse): void {
    const rows = [
      ...this.sms.map((s) => ({ seq: s.seq, at: s.at, kind: '短信', phone: s.phone, what: `模板 ${s.templateId}（${s.signName}）`, result: s.result })),
      ...this.calls.map((c) => ({ seq: c.seq, at: c.at, kind: '语音电话', phone: c.phone, what: `模板 ${c.templateId}，对方：${c.behaviour}`, result: c.result })),
    ].sort((a, b) => b.seq - a.seq);
    const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>腾讯云短信/语音（模拟）</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style></head>
<body><h1>腾讯云短信 / 语音消息（模拟）</h1><p>每 3 秒刷新。短信和电话只说「安心家校紧急举报，请立即处理」，不含举报内容。</p>
<table><tr><th>#</th><th>时间 (UTC)</th><th>类型</th><th>号码</th><th>内容</th><th>结果</th></tr>
${rows.map((r) => `<tr><td>${r.seq}</td><td>${esc(r.at)}</td><td>${r.kind}</td><td>${esc(r.phone)}</td><td>${esc(r.what)}</td><td>${esc(r.result)}</td></tr>`).join('\n')}
</table><p>签名校验失败的请求：${this.refused.length}</p></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  }
}

function tencentError(code: string, message: string): unknown {
  return { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } };
}

function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function stamp(): string {
  return String(Math.floor(Date.now() / 1000));
}
