import type { IsoDateTime } from './common';
import type { DemoRole, Relation, StaffRole } from '../roles';
import type { ConsentKind } from '../constants';
import type { BindingStatus } from './bindings';

export interface WechatLoginRequest { code: string }
/** Demo only. `school: 'b'` logs in as the same role in the second demo school (used to show and test isolation). */
export interface DevLoginRequest { role: DemoRole; school?: 'a' | 'b' }
export interface SessionResponse {
  token: string;
  expiresAt: IsoDateTime;
  user: MeResponse;
}

export interface MeRole {
  role: StaffRole;
  schoolId: string | null;
  schoolName: string | null;
  districtId: string | null;
  districtName: string | null;
  /** Teacher: the classes this role covers. */
  classIds: string[];
}

export interface MeSchool { id: string; name: string }

export interface MeStudent {
  bindingId: string;
  studentId: string;
  studentName: string;
  schoolId: string;
  schoolName: string;
  classId: string;
  className: string;
  relation: Relation;
  status: BindingStatus;
  /** Why the class teacher rejected the request (rejected only). */
  rejectReason: string | null;
}

export interface MeResponse {
  id: string;
  displayName: string;
  roles: MeRole[];
  schools: MeSchool[];
  students: MeStudent[];
  /** Versions of consents this user has given (privacy guide). */
  privacyGuideAcceptedVersion: string | null;
  isDemo: boolean;
}

export interface ConsentRequest {
  kind: ConsentKind;
  /** One of CONSENT_VERSIONS[kind]. */
  version: string;
  /** Required when kind is 'child_data': the child the consent is for. */
  studentId?: string;
}
