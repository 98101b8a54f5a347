import Taro from '@tarojs/taro';
import {
  ErrorCode, SHARE_QUERY_PARAM, type NameShareGroupRequest, type ShareGroupResponse, type ShareOpenRequest, type ShareOpenResponse,
  type ShareResponse, type ShareStatsResponse, type ShareSubjectKind,
} from '@anxin/shared';
import { ApiError, api } from './client';

const enc = encodeURIComponent;

/** Share cards into WeChat groups (server `shares/`, docs/SHARING.md). */
export const sharesApi = {
  /** The subject's share id (the same for everyone who shares it). */
  create: (kind: ShareSubjectKind, subjectId: string) => api.post<ShareResponse>('/shares', { kind, subjectId }),
  open: (shareId: string, info: ShareOpenRequest) => api.post<ShareOpenResponse>(`/shares/${enc(shareId)}/opens`, info),
  stats: (shareId: string) => api.get<ShareStatsResponse>(`/shares/${enc(shareId)}/stats`),
  nameGroup: (schoolId: string, groupId: string, name: string) =>
    api.put<ShareGroupResponse>(`/schools/${enc(schoolId)}/groups/${enc(groupId)}`, { name } satisfies NameShareGroupRequest),
};

/** A card's page path with the share id added (`pages/tips/index?schoolId=…&share=<id>`). */
export function sharePath(page: string, query: Record<string, string>, shareId: string | null): string {
  const q = { ...query, ...(shareId ? { [SHARE_QUERY_PARAM]: shareId } : {}) };
  const text = Object.entries(q).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  return `/${page.replace(/^\//, '')}${text ? `?${text}` : ''}`;
}

/**
 * WeChat's encrypted group data for the card the app was opened from, or null: not in WeChat (h5), no share
 * ticket (opened outside a group, or not from a card), or WeChat would not give it.
 */
export async function groupEnterInfo(): Promise<ShareOpenRequest | null> {
  if (process.env.TARO_ENV !== 'weapp') return null;
  const options = Taro.getEnterOptionsSync?.() ?? Taro.getLaunchOptionsSync?.();
  const shareTicket = options?.shareTicket;
  if (!shareTicket) return null;
  try {
    const res = (Taro.getGroupEnterInfo ? await Taro.getGroupEnterInfo({}) : await Taro.getShareInfo({ shareTicket })) as Partial<ShareOpenRequest>;
    return res.encryptedData && res.iv ? { encryptedData: res.encryptedData, iv: res.iv } : null;
  } catch {
    try {
      // Older WeChat versions: the share ticket's data through getShareInfo.
      const res = (await Taro.getShareInfo({ shareTicket })) as Partial<ShareOpenRequest>;
      return res.encryptedData && res.iv ? { encryptedData: res.encryptedData, iv: res.iv } : null;
    } catch {
      return null;
    }
  }
}

const GROUP_INFO_REFUSED: string[] = [ErrorCode.SHARE_INFO_INVALID, ErrorCode.SHARE_INFO_EXPIRED, ErrorCode.SHARE_INFO_WRONG_APP];

/**
 * Reports that this user opened share card `shareId`, with the group it came from when WeChat tells us. The group
 * data is encrypted with the session key of the user's latest login: when the server cannot read it (the app logged
 * in again after reading it), it is read once more and sent again; failing that the opening still counts, as not
 * from a group. Never throws: counting an opening must not stand in the way of the card's page.
 */
export async function reportShareOpen(shareId: string | undefined | null): Promise<ShareOpenResponse | null> {
  if (!shareId) return null;
  try {
    const info = await groupEnterInfo();
    if (!info) return await sharesApi.open(shareId, {});
    try {
      return await sharesApi.open(shareId, info);
    } catch (e) {
      if (!(e instanceof ApiError) || !GROUP_INFO_REFUSED.includes(e.code)) throw e;
      const again = await groupEnterInfo();
      if (again && again.encryptedData !== info.encryptedData) {
        try {
          return await sharesApi.open(shareId, again);
        } catch (e2) {
          if (!(e2 instanceof ApiError) || !GROUP_INFO_REFUSED.includes(e2.code)) throw e2;
        }
      }
      return await sharesApi.open(shareId, {});
    }
  } catch {
    return null;
  }
}
