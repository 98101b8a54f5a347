import type { IsoDateTime } from './common';

/**
 * WeCom group robots (企业微信群机器人): a school registers the webhook key of a robot it added to a WeCom group,
 * for the whole school, one grade or one class. Posts to an audience go to the robots of those scopes (as markdown
 * with a link), at most WECOM_ROBOT_PER_MINUTE (20) a minute per robot. The key is stored encrypted and never
 * returned: the app sees it masked (`****a1b2`).
 */

/** Which part of the school the robot's group is for. */
export type RobotScope = 'school' | 'grade' | 'class';
export const ROBOT_SCOPES: RobotScope[] = ['school', 'grade', 'class'];

/** `active`: posts go out; `disabled`: switched off by the school; `broken`: WeCom answered 93000 (the robot was removed from its group, or the key is wrong). */
export type RobotStatus = 'active' | 'disabled' | 'broken';

/** The outcome of the robot's latest send: `sent`, `removed` (93000), `rate_limited` (45009), `failed` (anything else). */
export type RobotLastResult = 'sent' | 'removed' | 'rate_limited' | 'failed';

/** Longest robot name (e.g. 三年级1班家长群). */
export const ROBOT_NAME_MAX = 30;
/** Longest webhook accepted: the key alone, or the whole webhook URL WeCom shows. */
export const ROBOT_WEBHOOK_MAX = 500;

// POST /schools/{id}/robots (school admin, principal) → RobotResponse
export interface CreateRobotRequest {
  name: string;
  scope: RobotScope;
  /** The grade id (scope grade) or class id (scope class); left out for the whole school. */
  scopeId?: string;
  /** The webhook key, or the whole webhook URL as WeCom shows it (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`). */
  webhook: string;
}

// PATCH /schools/{id}/robots/{robotId} → RobotResponse
export interface UpdateRobotRequest {
  name?: string;
  /** false switches the robot off (posts skip it); true switches it back on. */
  enabled?: boolean;
}

export interface RobotTestState {
  requestedAt: IsoDateTime;
  /** `queued` until the worker has sent it (or given up); then `sent` or `failed`. */
  status: 'queued' | 'sent' | 'failed';
  /** WeCom's answer when it failed (e.g. `93000 invalid webhook url`). */
  error: string | null;
}

export interface RobotResponse {
  id: string;
  schoolId: string;
  name: string;
  scope: RobotScope;
  scopeId: string | null;
  /** 全校, 三年级, 三年级1班. */
  scopeName: string;
  /** The key's last four characters behind asterisks: `****a1b2`. */
  keyMasked: string;
  status: RobotStatus;
  lastResult: RobotLastResult | null;
  lastResultAt: IsoDateTime | null;
  lastError: string | null;
  /** The latest test message (POST …/test), as the outbox sees it. */
  lastTest: RobotTestState | null;
  createdAt: IsoDateTime;
}

export interface RobotSettings {
  /** New notices also go to the robots of their audience (urgent warnings always do); RobotPosts reads it for notice posts. */
  noticesToRobots: boolean;
}

// GET /schools/{id}/robots (school admin, principal) → RobotListResponse
export interface RobotListResponse {
  robots: RobotResponse[];
  settings: RobotSettings;
}

// PUT /schools/{id}/robot-settings → RobotSettings
export type UpdateRobotSettingsRequest = RobotSettings;

// POST /schools/{id}/robots/{robotId}/test → 202 RobotResponse (lastTest.status `queued`)
// DELETE /schools/{id}/robots/{robotId} → 204

/** What the app shows for a robot's latest result. */
export const ROBOT_RESULT_LABELS: Record<RobotLastResult, string> = {
  sent: '上次发送成功',
  removed: '机器人已被移除',
  rate_limited: '发送太频繁，稍后自动重试',
  failed: '上次发送失败',
};

export const ROBOT_STATUS_LABELS: Record<RobotStatus, string> = {
  active: '使用中',
  disabled: '已停用',
  broken: '已失效',
};
