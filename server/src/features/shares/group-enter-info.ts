import { createDecipheriv } from 'node:crypto';

/**
 * WeChat's group data for an opened share card (`wx.getGroupEnterInfo`, or the older `wx.getShareInfo`):
 * AES-128-CBC with PKCS#7 padding, key = base64-decoded session_key of the user who opened the card, iv =
 * base64-decoded iv. The plaintext is JSON `{opengid, open_single_roomid?, group_openid?, chat_type?,
 * watermark: {appid, timestamp}}` (`openGId` in the older API).
 *
 * The watermark timestamp (seconds) is when WeChat produced the data, i.e. when the app asked for it right after
 * the card was opened. Data older than GROUP_INFO_MAX_AGE_MS, or more than GROUP_INFO_MAX_SKEW_MS in the future,
 * is refused, so a captured ciphertext cannot be replayed for long.
 */
export const GROUP_INFO_MAX_AGE_MS = 24 * 3600_000;
export const GROUP_INFO_MAX_SKEW_MS = 5 * 60_000;

export type GroupInfoProblem = 'invalid' | 'wrong_app' | 'expired';

export class GroupInfoError extends Error {
  constructor(readonly problem: GroupInfoProblem, message: string) {
    super(message);
  }
}

export interface GroupEnterInfo {
  /** The group's id for this mini-program; null when the card was opened in a one-to-one chat. */
  opengid: string | null;
}

export function decryptGroupEnterInfo(
  input: { encryptedData: string; iv: string; sessionKey: string },
  expected: { appId: string; now: Date },
): GroupEnterInfo {
  const key = Buffer.from(input.sessionKey, 'base64');
  const iv = Buffer.from(input.iv, 'base64');
  const data = Buffer.from(input.encryptedData, 'base64');
  if (key.length !== 16 || iv.length !== 16 || data.length === 0 || data.length % 16 !== 0) {
    throw new GroupInfoError('invalid', 'key, iv or data has the wrong length');
  }
  let parsed: any;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    parsed = JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'));
  } catch {
    // Bad padding (a wrong or rotated key, a changed byte) or a plaintext that is not JSON.
    throw new GroupInfoError('invalid', 'does not decrypt to JSON');
  }
  const watermark = parsed?.watermark;
  if (typeof watermark !== 'object' || watermark === null || typeof watermark.appid !== 'string' || typeof watermark.timestamp !== 'number') {
    throw new GroupInfoError('invalid', 'no watermark');
  }
  if (watermark.appid !== expected.appId) throw new GroupInfoError('wrong_app', 'watermark names another app');
  const age = expected.now.getTime() - watermark.timestamp * 1000;
  if (!Number.isFinite(age) || age > GROUP_INFO_MAX_AGE_MS || age < -GROUP_INFO_MAX_SKEW_MS) {
    throw new GroupInfoError('expired', 'watermark time outside the accepted window');
  }
  const gid = parsed.opengid ?? parsed.openGId;
  if (gid === undefined || gid === null || gid === '') return { opengid: null };
  if (typeof gid !== 'string' || gid.length > 128) throw new GroupInfoError('invalid', 'opengid is not a short string');
  return { opengid: gid };
}
