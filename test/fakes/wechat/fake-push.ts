import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * WeChat's message push (消息推送) as WeChat sends it: signed with the console Token, and in safe mode encrypted
 * with the EncodingAESKey (AES-256-CBC, IV = first 16 key bytes, PKCS#7 to 32 bytes, 16 random ‖ 4-byte big-endian
 * length ‖ message ‖ appid) and signed again over the ciphertext (msg_signature). Written from WeChat's
 * description, independently of the server's code, so a test checks one against the other.
 */
export interface PushTarget {
  /** The server's push endpoint, e.g. http://127.0.0.1:3000/api/v1/wechat/push (for `FakeWechat.deliverPush`). */
  url?: string;
  token: string;
  /** Set: safe mode. */
  encodingAesKey?: string;
  appId: string;
  format?: 'json' | 'xml';
}

export interface PushEventSpec {
  openid: string;
  event: 'subscribe_msg_popup_event' | 'subscribe_msg_change_event' | 'subscribe_msg_sent_event' | (string & {});
  /** popup/change: { TemplateId, SubscribeStatusString }; sent: { TemplateId, MsgID, ErrorCode, ErrorStatus } */
  list: Array<Record<string, string | number>>;
  /** Seconds; default now. */
  createTime?: number;
}

export interface SignedPush {
  /** Query string without the leading "?". */
  query: string;
  body: string;
  contentType: string;
}

const XML_LIST: Record<string, string> = {
  subscribe_msg_popup_event: 'SubscribeMsgPopupEvent',
  subscribe_msg_change_event: 'SubscribeMsgChangeEvent',
  subscribe_msg_sent_event: 'SubscribeMsgSentEvent',
};

const sha1 = (...parts: string[]) => createHash('sha1').update(parts.sort().join('')).digest('hex');
const cdata = (v: string | number) => (typeof v === 'number' ? String(v) : `<![CDATA[${v}]]>`);

/** The GET WeChat sends when the push URL is saved in the console. */
export function urlCheckQuery(token: string, echostr: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const nonce = String(randomBytes(4).readUInt32BE(0));
  return new URLSearchParams({ signature: sha1(token, String(timestamp), nonce), timestamp: String(timestamp), nonce, echostr }).toString();
}

/** One push, signed (and encrypted in safe mode). `timestamp` is the query's, in seconds (default now). */
export function signedPush(target: PushTarget, spec: PushEventSpec, timestamp = Math.floor(Date.now() / 1000)): SignedPush {
  const createTime = spec.createTime ?? timestamp;
  const format = target.format ?? 'json';
  const message = format === 'json'
    ? JSON.stringify({ ToUserName: 'gh_fake', FromUserName: spec.openid, CreateTime: createTime, MsgType: 'event', Event: spec.event, List: spec.list })
    : `<xml><ToUserName>${cdata('gh_fake')}</ToUserName><FromUserName>${cdata(spec.openid)}</FromUserName><CreateTime>${createTime}</CreateTime>`
      + `<MsgType>${cdata('event')}</MsgType><Event>${cdata(spec.event)}</Event><${XML_LIST[spec.event] ?? 'List'}>`
      + spec.list.map((item) => `<List>${Object.entries(item).map(([k, v]) => `<${k}>${cdata(v)}</${k}>`).join('')}</List>`).join('')
      + `</${XML_LIST[spec.event] ?? 'List'}></xml>`;
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const ts = String(timestamp);
  const params: Record<string, string> = { signature: sha1(target.token, ts, nonce), timestamp: ts, nonce, openid: spec.openid };
  let body = message;
  if (target.encodingAesKey) {
    const encrypted = encrypt(target.encodingAesKey, message, target.appId);
    params.encrypt_type = 'aes';
    params.msg_signature = sha1(target.token, ts, nonce, encrypted);
    body = format === 'json' ? JSON.stringify({ ToUserName: 'gh_fake', Encrypt: encrypted }) : `<xml><ToUserName>${cdata('gh_fake')}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
  }
  return { query: new URLSearchParams(params).toString(), body, contentType: format === 'json' ? 'application/json' : 'text/xml' };
}

function encrypt(encodingAesKey: string, message: string, appId: string): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), length, msg, Buffer.from(appId, 'utf8')]);
  const n = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(n, n)])), cipher.final()]).toString('base64');
}
