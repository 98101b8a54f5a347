import { createCipheriv, randomBytes } from 'node:crypto';
import { decryptGroupEnterInfo, GroupInfoError, type GroupInfoProblem } from './group-enter-info';

const APPID = 'wx-unit';
const NOW = new Date('2031-03-01T08:00:00.000Z');
const sessionKey = randomBytes(16).toString('base64');

function seal(plain: unknown, key = sessionKey): { encryptedData: string; iv: string } {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-128-cbc', Buffer.from(key, 'base64'), iv);
  const text = typeof plain === 'string' ? plain : JSON.stringify(plain);
  return { encryptedData: Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64'), iv: iv.toString('base64') };
}
const wm = (over: object = {}) => ({ appid: APPID, timestamp: NOW.getTime() / 1000 - 60, ...over });
const decrypt = (d: { encryptedData: string; iv: string }, key = sessionKey) => decryptGroupEnterInfo({ ...d, sessionKey: key }, { appId: APPID, now: NOW });
function problemOf(f: () => unknown): GroupInfoProblem | 'none' {
  try {
    f();
    return 'none';
  } catch (e) {
    if (e instanceof GroupInfoError) return e.problem;
    throw e;
  }
}

describe('decryptGroupEnterInfo', () => {
  it('reads the opengid of the current API and openGId of the older one', () => {
    expect(decrypt(seal({ opengid: 'G1', chat_type: 3, watermark: wm() }))).toEqual({ opengid: 'G1' });
    expect(decrypt(seal({ openGId: 'G2', watermark: wm() }))).toEqual({ opengid: 'G2' });
  });

  it('treats a one-to-one chat (no opengid) as not from a group', () => {
    expect(decrypt(seal({ open_single_roomid: 'r1', chat_type: 2, watermark: wm() }))).toEqual({ opengid: null });
  });

  it('refuses a wrong key, a changed byte, a short iv, non-JSON and a missing watermark as invalid', () => {
    const good = seal({ opengid: 'G', watermark: wm() });
    expect(problemOf(() => decrypt(good, randomBytes(16).toString('base64')))).toBe('invalid');
    const bytes = Buffer.from(good.encryptedData, 'base64');
    bytes[0] ^= 1; // CBC: changes the first block's plaintext; JSON no longer parses
    expect(problemOf(() => decrypt({ ...good, encryptedData: bytes.toString('base64') }))).toBe('invalid');
    expect(problemOf(() => decrypt({ ...good, iv: randomBytes(8).toString('base64') }))).toBe('invalid');
    expect(problemOf(() => decrypt(seal('not json')))).toBe('invalid');
    expect(problemOf(() => decrypt(seal({ opengid: 'G' })))).toBe('invalid');
    expect(problemOf(() => decrypt(seal({ opengid: 42, watermark: wm() })))).toBe('invalid');
  });

  it('refuses another app and a watermark outside one day back / five minutes ahead', () => {
    expect(problemOf(() => decrypt(seal({ opengid: 'G', watermark: wm({ appid: 'wx-other' }) })))).toBe('wrong_app');
    const s = NOW.getTime() / 1000;
    expect(problemOf(() => decrypt(seal({ opengid: 'G', watermark: wm({ timestamp: s - 24 * 3600 + 1 }) })))).toBe('none');
    expect(problemOf(() => decrypt(seal({ opengid: 'G', watermark: wm({ timestamp: s - 24 * 3600 - 1 }) })))).toBe('expired');
    expect(problemOf(() => decrypt(seal({ opengid: 'G', watermark: wm({ timestamp: s + 301 }) })))).toBe('expired');
  });
});
