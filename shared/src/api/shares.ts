/**
 * Share cards (分享卡片) sent into WeChat groups: a share names one subject (the school's tip box, a class invite;
 * notices and letters later), the app puts its opaque id in the card's path, and opening the card reports it.
 */

/** What a share card shows. `school`: the school's tip-box card (id = school id); `invite`: a class invite code (id = invite code id). */
export type ShareSubjectKind = 'school' | 'invite';
export const SHARE_SUBJECT_KINDS: ShareSubjectKind[] = ['school', 'invite'];

/** The query parameter that carries the share id in a card's path (`pages/tips/index?school=…&share=<id>`). */
export const SHARE_QUERY_PARAM = 'share';

/** How a group WeChat gave only an id for is shown until a teacher names it. */
export const UNNAMED_GROUP_LABEL = '未命名的群';
/** Longest group name a teacher may give (e.g. 三年级1班家长群). */
export const SHARE_GROUP_NAME_MAX = 30;

// POST /shares (staff of the subject's school or class, or a guardian bound at the school) → ShareResponse
export interface CreateShareRequest {
  kind: ShareSubjectKind;
  subjectId: string;
}

export interface ShareResponse {
  /** Opaque: reveals nothing about the school or class; the same id for the same subject every time. */
  id: string;
  kind: ShareSubjectKind;
  subjectId: string;
}

// POST /shares/{id}/opens (any logged-in user who opened a card) → ShareOpenResponse
/** What `wx.getGroupEnterInfo` (or the older `wx.getShareInfo`) gave; left out when the card was opened outside a group. */
export interface ShareOpenRequest {
  encryptedData?: string;
  iv?: string;
}

export interface ShareOpenResponse {
  /** False when the same user already opened this card from the same place today (counted once a day). */
  counted: boolean;
  /** True when WeChat's data named a group chat. */
  fromGroup: boolean;
}

// PUT /schools/{id}/groups/{groupId} (teachers, admins and principals of the school) → ShareGroupResponse
export interface NameShareGroupRequest {
  name: string;
}

export interface ShareGroupResponse {
  id: string;
  name: string | null;
}

// GET /shares/{id}/stats (staff of the school) → ShareStatsResponse
export interface ShareGroupStat {
  groupId: string;
  /** The name a teacher gave; null until named (show UNNAMED_GROUP_LABEL). */
  name: string | null;
  opens: number;
}

export interface ShareStatsResponse {
  shareId: string;
  /** The school the card belongs to (its groups are named at PUT /schools/{schoolId}/groups/{groupId}). */
  schoolId: string;
  kind: ShareSubjectKind;
  subjectId: string;
  /** Groups the card was opened from, most opens first. */
  groups: ShareGroupStat[];
  /** Opens outside a group (a one-to-one chat, the h5 page, or no group data). */
  notFromGroup: number;
  total: number;
}
