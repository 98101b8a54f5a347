import type { IsoDateTime } from './common';
import type { SchoolRole, StaffRole } from '../roles';

export interface EmergencyNumber { name: string; number: string }

export interface SchoolPublicResponse {
  id: string;
  name: string;
  contact: { name: string; phone: string } | null;
  emergencyNumbers: EmergencyNumber[];
}

export interface DistrictResponse { id: string; name: string; code: string }
export interface CreateDistrictRequest { name: string; code: string }

export interface SchoolResponse {
  id: string;
  districtId: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  contactUserId: string | null;
  createdAt: IsoDateTime;
}
export interface CreateSchoolRequest { name: string; districtId: string }
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
export interface GrantRoleRequest { userId: string; role: StaffRole; classIds?: string[] }

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

/** District officers add a school to their district (`POST /districts/{id}/schools`). */
export interface CreateDistrictSchoolRequest { name: string }

/** `POST /schools/{id}/staff-invites`: a one-time code that gives whoever redeems it a staff role at the school. */
export interface CreateStaffInviteRequest { role: SchoolRole; classIds?: string[] }
export interface StaffInviteResponse {
  id: string;
  schoolId: string;
  role: SchoolRole;
  classIds: string[];
  /** Shown once: only a hash is stored. */
  code: string;
  expiresAt: IsoDateTime;
  createdAt: IsoDateTime;
}
export interface RedeemStaffInviteRequest { code: string }
