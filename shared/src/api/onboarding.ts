import type { IsoDateTime } from './common';
import type { StaffRole } from '../roles';
import type { SchoolStage } from './tenancy';

/**
 * Onboarding a deployment: the one-time invites that make a district's first officer (printed by
 * `npm run admin -- create-district` / `grant-officer`) and a school's first administrator (made by a district
 * officer), the district console and a school's set-up checklist.
 */
export type OnboardingInviteKind = 'district_officer' | 'school_admin';

/** An onboarding invite works once and for this long. */
export const ONBOARDING_INVITE_TTL_HOURS = 72;

/** The mini-program page an invite opens (`?code=`): a share card, a link or the page's own scanner lead there. */
export const INVITE_PAGE = 'subpackages/onboarding/invite/index';

/** What an invite's QR code encodes (onboarding and staff invites alike); the invite page's scanner reads it. */
export function inviteQrText(code: string): string {
  return `anxin://invite?code=${code}`;
}

/**
 * The code in a scanned or pasted text: an invite QR code's text, an invite page path with `?code=`, or a bare
 * code (dashes and spaces allowed). Null for anything else (scanned text is user-controlled input).
 */
export function parseInviteText(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = raw.trim();
  const fromQuery = /[?&]code=([A-Za-z0-9-]{4,40})(?:&|$)/.exec(text)?.[1];
  const candidate = (fromQuery ?? text).toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z0-9]{4,30}$/.test(candidate) ? candidate : null;
}

/** Groups a code for reading aloud and typing: ABCD-EFGH-JKMN. */
export function formatInviteCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export interface OnboardingInviteResponse {
  id: string;
  kind: OnboardingInviteKind;
  districtId: string;
  schoolId: string | null;
  /** Shown once: only a hash is stored. */
  code: string;
  /** inviteQrText(code). */
  qrPayload: string;
  /** PNG data URL of the QR code. */
  qrDataUrl: string;
  expiresAt: IsoDateTime;
  createdAt: IsoDateTime;
}

/** `POST /onboarding/redeem`: any invite code a staff member was given (onboarding or staff invite). */
export interface RedeemInviteRequest {
  code: string;
  /** How colleagues and the district know this person (姓名); replaces the WeChat account's placeholder name. */
  name?: string;
}
export interface RedeemInviteResponse {
  role: StaffRole;
  districtId: string | null;
  districtName: string | null;
  schoolId: string | null;
  schoolName: string | null;
}

// ---- set-up checklist and district console ----

export type SetupItemKey = 'contact' | 'contact_alerts' | 'committee' | 'roster' | 'class_teachers' | 'poster' | 'letter_home' | 'tip_test' | 'pledge';
/** `coming_soon`: the feature does not exist yet; such rows are shown and never counted. */
export type SetupItemStatus = 'done' | 'todo' | 'coming_soon';

export const SETUP_ITEM_TITLES: Record<SetupItemKey, string> = {
  contact: '指定欺凌防治负责人（公开电话）',
  contact_alerts: '负责人能收到新举报提醒',
  committee: '欺凌处置委员会成员',
  roster: '导入学生花名册',
  class_teachers: '各班已有班主任或任课教师',
  poster: '打印张贴倾诉信箱海报',
  letter_home: '发出第一封致家长的信',
  tip_test: '测试倾诉信箱（发一条测试举报，负责人受理）',
  pledge: '开启防范欺凌承诺书',
};

export interface SetupItem {
  key: SetupItemKey;
  status: SetupItemStatus;
  /** What stands, in Chinese (who the contact is, how many classes lack a teacher, …). */
  detail: string;
  /** When it was last done, where that is known (the tip-box poster's last download). */
  at: IsoDateTime | null;
}

export interface SchoolSetupResponse {
  schoolId: string;
  schoolName: string;
  /** Counted rows done, and counted rows (coming_soon rows are not counted). */
  done: number;
  total: number;
  complete: boolean;
  items: SetupItem[];
}

export interface DistrictSchoolSetup {
  id: string;
  name: string;
  stage: SchoolStage | null;
  address: string | null;
  nationalCode: string | null;
  createdAt: IsoDateTime;
  hasAdmin: boolean;
  hasPrincipal: boolean;
  done: number;
  total: number;
  complete: boolean;
  items: SetupItem[];
}

export interface DistrictConsoleResponse {
  district: { id: string; name: string; code: string };
  /** The district's officers, by display name only. */
  officers: { displayName: string }[];
  /** Schools not yet set up first, then by name. */
  schools: DistrictSchoolSetup[];
  schoolsComplete: number;
}
// POST /onboarding/redeem (RedeemInviteRequest) → RedeemInviteResponse
// POST /schools/{id}/admin-invites → OnboardingInviteResponse (district officer: the school's first administrator)
// GET /schools/{id}/setup → SchoolSetupResponse (admin, principal)
// GET /districts/{id}/setup → DistrictConsoleResponse (district officer)
