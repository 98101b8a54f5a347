import type { IsoDateTime } from './common';
import type { Relation } from '../roles';

export type BindingStatus = 'pending' | 'approved' | 'rejected';

export interface CreateBindingRequest {
  inviteCode: string;
  studentId: string;
  /** The child's full name, typed by the guardian; must match the roster (the lookup shows names masked). */
  studentName: string;
  relation: Relation;
  /** Optional: when it matches the roster's phone (compared as salted hashes) the binding is approved at once. */
  phone?: string;
  /** The guardian consents to the processing of the child's data (required: children are minors). */
  consentVersion: string;
}

export interface BindingResponse {
  id: string;
  studentId: string;
  studentName: string;
  classId: string;
  className: string;
  schoolId: string;
  guardianUserId: string;
  guardianName: string;
  relation: Relation;
  status: BindingStatus;
  autoApproved: boolean;
  decidedAt: IsoDateTime | null;
  rejectReason: string | null;
  createdAt: IsoDateTime;
}

export interface RejectBindingRequest { reason?: string }
