import type { IsoDateTime } from './common';
import type { Relation } from '../roles';

/**
 * `suspended`: the guardian withdrew consent to the processing of the child's data (我的数据 → 撤回同意). Everything
 * that reads bindings counts only `approved`, so nothing more is collected or sent for that child until the guardian
 * consents again (the binding returns to `pending` and the class teacher approves it again).
 */
export type BindingStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export const BINDING_STATUSES: readonly BindingStatus[] = ['pending', 'approved', 'rejected', 'suspended'];
export const BINDING_STATUS_LABELS: Record<BindingStatus, string> = { pending: '待班主任审核', approved: '已绑定', rejected: '未通过', suspended: '已撤回同意' };

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
