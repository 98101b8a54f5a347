import type { IsoDateTime } from './common';
import type { SchoolRole, StaffRole } from '../roles';

export interface EmergencyNumber { name: string; number: string }

export interface SchoolPublicResponse {
  id: string;
  name: string;
  contact: { name: string; phone: string } | null;
  emergencyNumbers: EmergencyNumber[];
}

export interface SchoolResponse {
  id: string;
  districtId: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  contactUserId: string | null;
  /** 学段; null for schools created before it was asked. */
  stage: SchoolStage | null;
  address: string | null;
  /** 学校标识码 (10 digits), when the district gave it. */
  nationalCode: string | null;
  createdAt: IsoDateTime;
}
export interface UpdateSchoolRequest { name?: string }
export interface SetContactRequest { userId: string; name: string; phone: string }

export interface GradeResponse { id: string; schoolId: string; name: string; sort: number }
export interface CreateGradeRequest { name: string; sort?: number }

export interface ClassResponse { id: string; schoolId: string; gradeId: string; gradeName: string; name: string }
export interface CreateClassRequest { gradeId: string; name: string }

export interface StudentResponse {
  id: string;
  schoolId: string;
  classId: string;
  name: string;
  studentNo: string | null;
  gender: 'M' | 'F' | null;
}

export interface StaffRoleResponse {
  id: string;
  userId: string;
  userName: string;
  role: StaffRole;
  schoolId: string | null;
  districtId: string | null;
  classIds: string[];
  createdAt: IsoDateTime;
}

export interface InviteCodeResponse {
  id: string;
  classId: string;
  className: string;
  code: string;
  /** Payload to encode in a QR code; the mini-program's scanner understands it. */
  qrPayload: string;
  /** PNG data URL of the QR code for the payload, ready to show or print. */
  qrDataUrl: string;
  createdAt: IsoDateTime;
  revokedAt: IsoDateTime | null;
}

/** What a guardian sees after typing an invite code: the class and its students' names to pick from. */
export interface InviteLookupResponse {
  schoolId: string;
  schoolName: string;
  classId: string;
  className: string;
  /** Names are masked (e.g. 王*明): the guardian picks the child, then types the full name to confirm. */
  students: { id: string; maskedName: string }[];
}

/**
 * District officers add a school to their district (`POST /districts/{id}/schools`): its name and 学段, and the
 * address and 学校标识码 when known. Name and 学校标识码 are unique within the district.
 */
export interface CreateDistrictSchoolRequest { name: string; stage: SchoolStage; address?: string; nationalCode?: string }

/** `POST /schools/{id}/staff-invites`: a one-time code that gives whoever redeems it a staff role at the school. */
export interface CreateStaffInviteRequest { role: SchoolRole; classIds?: string[] }
export interface StaffInviteResponse {
  id: string;
  schoolId: string;
  role: SchoolRole;
  classIds: string[];
  /** Shown once: only a hash is stored. */
  code: string;
  /** What the invite QR code encodes; the mini-program's invite page scanner understands it. */
  qrPayload: string;
  /** PNG data URL of that QR code. */
  qrDataUrl: string;
  expiresAt: IsoDateTime;
  createdAt: IsoDateTime;
}
export interface RedeemStaffInviteRequest { code: string }

/** 学段: the stages a school teaches. */
export const SchoolStage = {
  PRIMARY: 'primary',
  JUNIOR: 'junior',
  SENIOR: 'senior',
  NINE_YEAR: 'nine_year',
} as const;
export type SchoolStage = (typeof SchoolStage)[keyof typeof SchoolStage];
export const SCHOOL_STAGES: SchoolStage[] = Object.values(SchoolStage);
export const SCHOOL_STAGE_LABELS: Record<SchoolStage, string> = {
  primary: '小学',
  junior: '初中',
  senior: '高中',
  nine_year: '九年一贯制',
};
/** 学校标识码: the national school code, 10 digits. */
export const NATIONAL_SCHOOL_CODE_PATTERN = /^\d{10}$/;
