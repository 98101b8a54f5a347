import type { IsoDateTime } from './common';
import type { SealProof } from './audit';
import type { Relation } from '../roles';
import type { ShanghaiDay } from './notices';

/**
 * The annual anti-bullying pledge (防范校园欺凌承诺书): one per school and school year, opened by the principal or a
 * school admin for the whole school or chosen grades, with a deadline. Its text is published in versions, each frozen
 * when published; a guardian signs for each bound child (one signature per child and version), and from
 * `studentFromGrade` the child signs too. A signature keeps the SHA-256 of the version's canonical text
 * (pledgeTextHash) and the Shanghai DAY it was made, never the time of day.
 *
 * Staff routes (under /api/v1; principals and school admins manage, class teachers read their own classes):
 *   GET  /pledge-templates/default                      → 200 PledgeTemplateResponse
 *   GET  /schools/{schoolId}/pledges                    → 200 PledgeListResponse
 *   POST /schools/{schoolId}/pledges                    OpenPledgeRequest → 201 PledgeStaffDetail (409 PLEDGE_EXISTS)
 *   GET  /pledges/{id}                                  → 200 PledgeStaffDetail
 *   POST /pledges/{id}/versions                         NewPledgeVersionRequest → 201 PledgeStaffDetail
 *   GET  /pledges/{id}/completion                       → 200 PledgeCompletionResponse
 *   GET  /pledges/{id}/classes/{classId}/missing        → 200 PledgeMissingResponse
 *   POST /pledges/{id}/classes/{classId}/remind         → 200 PledgeRemindResponse (429 PLEDGE_REMIND_TOO_SOON)
 *   GET  /pledges/{id}/ledger.xlsx                      → the ledger (台账) as a spreadsheet
 *   GET  /pledges/{id}/signatures/{sid}.pdf             → one signed copy as PDF
 *   GET  /pledges/{id}/classes/{classId}/signatures.zip → every signed copy of a class
 *   GET  /pledges/{id}/classes/{classId}/signatures     → 200 PledgeClassSignaturesResponse
 *   GET  /pledges/{id}/signatures/{sid}/verify          → 200 PledgeSignatureVerifyResponse (also the signer's family)
 *
 * Guardian routes:
 *   GET  /me/pledges                                    → 200 GuardianPledgeListResponse
 *   GET  /me/pledges/{id}?studentId=                    → 200 GuardianPledgeDetail
 *   POST /pledges/{id}/signatures                       SignPledgeRequest → 201 SignPledgeResponse (a retry: 200, the same)
 *   GET  /me/pledges/{id}/signatures/{sid}              → 200 PledgeSignedCopy
 *   GET  /me/pledges/{id}/signatures/{sid}.pdf          → the signed copy as PDF
 *
 * Errors (ErrorCode): PLEDGE_EXISTS (409), PLEDGE_AUDIENCE_INVALID (422), PLEDGE_TIME_INVALID (422),
 * PLEDGE_TEXT_UNCHANGED (422), PLEDGE_CLOSED (409), PLEDGE_VERSION_STALE (409, details.versionNumber),
 * PLEDGE_ALREADY_SIGNED (409), PLEDGE_STUDENT_SIGNATURE_REQUIRED (422), PLEDGE_SIGNATURE_INVALID (422, details.part:
 * 'guardian' | 'student'), CONSENT_REQUIRED (422, details.consentVersion), PLEDGE_REMIND_TOO_SOON (429,
 * details.nextRemindAt).
 */

/** `2026-2027`: the school year starting in September of the first year. */
export type SchoolYear = string;
export const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;

/** A well-formed school year whose second year follows the first. */
export function isSchoolYear(value: string): boolean {
  const m = SCHOOL_YEAR_PATTERN.exec(value);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

/**
 * The school year a Shanghai day falls in: from 1 August a new year starts (the 2026-2027 year runs 2026-08-01 to
 * 2027-07-31).
 */
export function schoolYearLabel(day: ShanghaiDay): SchoolYear {
  const [y, m] = day.split('-').map(Number);
  const start = m >= 8 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/**
 * The text of one version: plain paragraphs separated by blank lines. `studentYoung` is the shorter student part
 * shown to children of grades 1–3 (PLEDGE_YOUNG_GRADE_MAX) instead of `student`, when set.
 */
export interface PledgeText {
  school: string;
  guardian: string;
  student: string;
  studentYoung?: string;
}

export const PLEDGE_TEXT_PARTS = ['school', 'guardian', 'student', 'studentYoung'] as const;
export type PledgeTextPart = (typeof PLEDGE_TEXT_PARTS)[number];
export const PLEDGE_TEXT_PART_LABELS: Record<PledgeTextPart, string> = {
  school: '学校承诺', guardian: '家长承诺', student: '学生承诺', studentYoung: '学生承诺（低年级）',
};

/**
 * Grades are named by their school year, `gradeNumber`: 一年级 = 1 … 六年级 = 6, 初一 (七年级) = 7 … 高三 = 12; a grade
 * whose name is no school year ("火箭班") is 0 and reads the ordinary student part.
 */
/** Children of grades 1 to this one read `studentYoung` when the version has it. */
export const PLEDGE_YOUNG_GRADE_MAX = 3;
/** From this grade the child signs too, unless the pledge sets another (0: no student part). */
export const PLEDGE_STUDENT_FROM_GRADE_DEFAULT = 3;
/**
 * Children of grades up to this one (and of a grade 0) may be under 14: signing for them records the guardian's
 * child-data consent (CONSENT_VERSIONS.child_data) when this guardian has not given the current one for the child.
 */
export const PLEDGE_CHILD_CONSENT_GRADE_MAX = 8;

/** Lengths (characters) and counts of pledge fields. */
export const PLEDGE_LIMITS = {
  /** Each of school, guardian and student. */
  partMax: 4000,
  studentYoungMax: 1500,
  changeNoteMax: 200,
  /** Grades one audience may name. */
  gradesMax: 12,
  /** studentFromGrade: 0 (no student part) to this. */
  studentFromGradeMax: 12,
  /** The deadline: at most this many days ahead when opened. */
  deadlineDaysMax: 366,
  clientKeyMin: 8,
  clientKeyMax: 64,
  /** A signature: a trimmed PNG (the same checks as notice signatures). */
  signatureBytesMax: 100 * 1024,
} as const;

/** A class teacher may remind the guardians who have not signed at most this often, per pledge and class. */
export const PLEDGE_REMIND_INTERVAL_HOURS = 24;
/** The automatic reminder goes this many days before the deadline (once per pledge). */
export const PLEDGE_AUTO_REMIND_DAYS_BEFORE = 3;

export const PledgeStatus = { OPEN: 'open', CLOSED: 'closed' } as const;
export type PledgeStatus = (typeof PledgeStatus)[keyof typeof PledgeStatus];
export const PLEDGE_STATUSES: PledgeStatus[] = Object.values(PledgeStatus);
export const PLEDGE_STATUS_LABELS: Record<PledgeStatus, string> = { open: '签署中', closed: '已截止' };

/** A guardian's item: not signed, signed the current version, or signed an older version only (asked to re-sign). */
export const GuardianPledgeStatus = { TO_SIGN: 'to_sign', SIGNED: 'signed', RESIGN: 'resign' } as const;
export type GuardianPledgeStatus = (typeof GuardianPledgeStatus)[keyof typeof GuardianPledgeStatus];
export const GUARDIAN_PLEDGE_STATUSES: GuardianPledgeStatus[] = Object.values(GuardianPledgeStatus);
export const GUARDIAN_PLEDGE_STATUS_LABELS: Record<GuardianPledgeStatus, string> = {
  to_sign: '待签署', signed: '已签署', resign: '需重新签署',
};

/** What a child in the missing list still lacks. */
export const PledgeMissingPart = { GUARDIAN: 'guardian', STUDENT: 'student', RESIGN: 'resign' } as const;
export type PledgeMissingPart = (typeof PledgeMissingPart)[keyof typeof PledgeMissingPart];
export const PLEDGE_MISSING_PARTS: PledgeMissingPart[] = Object.values(PledgeMissingPart);
export const PLEDGE_MISSING_PART_LABELS: Record<PledgeMissingPart, string> = {
  guardian: '家长未签', student: '学生未签', resign: '需重新签署',
};

// GET /pledge-templates/default
export interface PledgeTemplateResponse {
  text: PledgeText;
  studentFromGrade: number;
}

// POST /schools/{schoolId}/pledges
export interface OpenPledgeRequest {
  schoolYear: SchoolYear;
  text: PledgeText;
  /** Grade numbers (1 = 一年级); empty or absent: the whole school. */
  grades?: number[];
  /** The last day to sign, Asia/Shanghai. */
  deadline: ShanghaiDay;
  /** The child signs too from this grade on (default PLEDGE_STUDENT_FROM_GRADE_DEFAULT; 0: no student part). */
  studentFromGrade?: number;
  /** Every guardian with an approved binding signs, not just one per child. */
  requireAllGuardians?: boolean;
}

// POST /pledges/{id}/versions
export interface NewPledgeVersionRequest {
  text: PledgeText;
  /** What changed, told to guardians who must sign again. */
  changeNote: string;
}

export interface PledgeVersionView {
  number: number;
  textHash: string;
  changeNote: string | null;
  publishedOn: ShanghaiDay;
}

export interface PledgeAudienceView {
  /** Grade numbers; empty: the whole school. */
  grades: number[];
  studentFromGrade: number;
  requireAllGuardians: boolean;
}

/** Per class, grade or school: children in the audience and how far their pledge is. */
export interface PledgeCounts {
  students: number;
  /** Everything required is signed for the current version (guardian part, and the student part when required). */
  signed: number;
  /** Signed an older version only. */
  superseded: number;
  /** students − signed − superseded. */
  missing: number;
}

export interface PledgeListItem {
  id: string;
  schoolYear: SchoolYear;
  status: PledgeStatus;
  currentVersion: number;
  deadline: ShanghaiDay;
  /** Over the classes the caller may see. */
  totals: PledgeCounts;
}

export interface PledgeListResponse {
  items: PledgeListItem[];
  /** May open a pledge (principals and school admins). */
  canManage: boolean;
}

export interface PledgeStaffDetail {
  id: string;
  schoolId: string;
  schoolYear: SchoolYear;
  status: PledgeStatus;
  deadline: ShanghaiDay;
  audience: PledgeAudienceView;
  currentVersion: number;
  /** The current version's text. */
  text: PledgeText;
  textHash: string;
  /** Oldest first. */
  versions: PledgeVersionView[];
  createdAt: IsoDateTime;
  /** May publish new versions (principals and school admins). */
  canManage: boolean;
}

export interface PledgeClassCompletion extends PledgeCounts {
  classId: string;
  className: string;
  gradeNumber: number;
}

export interface PledgeGradeCompletion extends PledgeCounts {
  gradeNumber: number;
  gradeName: string;
}

// GET /pledges/{id}/completion
export interface PledgeCompletionResponse {
  pledgeId: string;
  currentVersion: number;
  classes: PledgeClassCompletion[];
  grades: PledgeGradeCompletion[];
  /** Over the classes listed. */
  totals: PledgeCounts;
}

export interface PledgeMissingGuardian {
  relation: Relation;
  relationLabel: string;
  /** This guardian signed the current version (matters with requireAllGuardians). */
  signed: boolean;
}

export interface PledgeMissingEntry {
  studentId: string;
  studentName: string;
  guardians: PledgeMissingGuardian[];
  missing: PledgeMissingPart[];
}

// GET /pledges/{id}/classes/{classId}/missing
export interface PledgeMissingResponse {
  classId: string;
  className: string;
  /** By child's name. */
  entries: PledgeMissingEntry[];
  lastRemindedAt: IsoDateTime | null;
  /** When the next reminder may be sent (null: now). */
  nextRemindAt: IsoDateTime | null;
}

// POST /pledges/{id}/classes/{classId}/remind
export interface PledgeRemindResponse {
  /** Guardians a reminder was queued for. */
  reminded: number;
  nextRemindAt: IsoDateTime | null;
}

// GET /pledges/{id}/classes/{classId}/signatures
export interface PledgeClassSignature {
  signatureId: string;
  studentId: string;
  studentName: string;
  relation: Relation;
  relationLabel: string;
  /** The Shanghai day it was signed (never a time). */
  signedOn: ShanghaiDay;
  versionNumber: number;
  /** The child signed too. */
  studentSigned: boolean;
  /** Of an older version than the current one. */
  superseded: boolean;
}

export interface PledgeClassSignaturesResponse {
  classId: string;
  className: string;
  currentVersion: number;
  /** Each child's signatures of the newest version signed for them, by child's name. */
  signatures: PledgeClassSignature[];
}

// GET /pledges/{id}/signatures/{sid}/verify
export interface PledgeSignatureVerifyResponse {
  signatureId: string;
  versionNumber: number;
  /** The text hash stored with the signature. */
  textHash: string;
  /** The hash of the version's stored text, recomputed now (pledgeTextHash). */
  recomputedTextHash: string;
  /** The hash stored with the signature equals the hash of the version's text recomputed now. */
  textHashMatches: boolean;
  /** The leaf of the signature's rows as they are now. */
  leafHash: string;
  /** The signature's current leaf is in a sealed root (null: not sealed yet; false: the sealed leaf differs from the rows). */
  sealed: boolean | null;
  /** When sealed: the Merkle path to the root its audit entry holds. */
  proof: SealProof | null;
  /** When not sealed yet: the earliest time its day's batch is sealed. */
  sealsAfter: IsoDateTime | null;
  /** textHashMatches and, once sealed, the sealed leaf equals the rows. */
  ok: boolean;
}

// ---- guardian side

export interface GuardianPledgeStudent {
  id: string;
  name: string;
  className: string;
}

export interface GuardianPledgeListItem {
  pledgeId: string;
  schoolYear: SchoolYear;
  schoolName: string;
  student: GuardianPledgeStudent;
  deadline: ShanghaiDay;
  /** The current version. */
  versionNumber: number;
  status: GuardianPledgeStatus;
  studentPartRequired: boolean;
  /** This guardian's signature for the child: of the current version when signed, of the older one when resign. */
  signatureId?: string;
}

// GET /me/pledges
export interface GuardianPledgeListResponse {
  items: GuardianPledgeListItem[];
}

export type PledgeDiffOp = 'same' | 'added' | 'removed';
export interface PledgeDiffEntry {
  op: PledgeDiffOp;
  text: string;
}

// GET /me/pledges/{id}?studentId=
export interface GuardianPledgeDetail {
  pledgeId: string;
  schoolYear: SchoolYear;
  schoolName: string;
  student: GuardianPledgeStudent;
  deadline: ShanghaiDay;
  versionNumber: number;
  /** The text to sign: `student` is the part for this child's grade (`studentYoung` for grades 1–3 when set). */
  text: { school: string; guardian: string; student: string };
  /** pledgeTextHash of the version's full text (PledgeText, with studentYoung when set). */
  textHash: string;
  status: GuardianPledgeStatus;
  studentPartRequired: boolean;
  /** The child is under 14 and this guardian has not recorded the child-data consent: send childConsentVersion. */
  childConsentNeeded: boolean;
  /** The consent version to record (CONSENT_VERSIONS.child_data's current one). */
  childConsentVersion: string;
  signatureId?: string;
  signedOn?: ShanghaiDay;
  /** When status is 'resign': by paragraph, the version signed against the current one (the child's parts). */
  changes?: PledgeDiffEntry[];
  /** When status is 'resign': the change notes of the versions since the one signed, oldest first, joined. */
  changeNote?: string;
  /** When status is 'resign': the version signed. */
  signedVersionNumber?: number;
}

// POST /pledges/{id}/signatures
export interface SignPledgeRequest {
  studentId: string;
  /** The version read: a stale one is refused (409 PLEDGE_VERSION_STALE). */
  versionNumber: number;
  /** base64 PNG (a data URL prefix is accepted), trimmed, at most PLEDGE_LIMITS.signatureBytesMax bytes. */
  guardianSignature: string;
  /** Required when studentPartRequired. */
  studentSignature?: string;
  /** Idempotency: a retry with the same key returns the same signature. */
  clientKey: string;
  /** Required when childConsentNeeded (the current CONSENT_VERSIONS.child_data); recorded with the signature. */
  childConsentVersion?: string;
}

export interface SignPledgeResponse {
  id: string;
  signedOn: ShanghaiDay;
  versionNumber: number;
  textHash: string;
}

// GET /me/pledges/{id}/signatures/{sid}
export interface PledgeSignedCopy {
  id: string;
  pledgeId: string;
  schoolYear: SchoolYear;
  schoolName: string;
  student: GuardianPledgeStudent;
  versionNumber: number;
  text: { school: string; guardian: string; student: string };
  textHash: string;
  signedOn: ShanghaiDay;
  /** Signed an older version than the current one. */
  superseded: boolean;
  relation: Relation;
  relationLabel: string;
  /** data:image/png;base64,… */
  guardianSignature: string;
  studentSignature: string | null;
}
