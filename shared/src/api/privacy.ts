import type { IsoDateTime } from './common';
import type { BindingStatus } from './bindings';
import type { Relation } from '../roles';

/**
 * A guardian's rights over their data (我的数据, PIPL art. 44–47): everything held about them and their bound
 * children, as a page (GET /me/data), a JSON file (GET /me/data.json) and a spreadsheet (GET /me/data.xlsx);
 * correcting their name (PATCH /me/profile) and relation (PATCH /me/bindings/{id}); withdrawing and giving again
 * consent for a child's data (POST /me/bindings/{id}/withdraw-consent, POST /me/bindings/{id}/consent); deleting
 * the account (POST /me/account/delete). Anonymous tips are never part of it: a tip row names nobody.
 */

/** The word a guardian types to confirm deleting the account. */
export const ACCOUNT_DELETE_CONFIRM = '注销';

export interface MyDataProfile { id: string; displayName: string; createdOn: string }
export interface MyDataBinding {
  id: string; studentId: string; studentName: string; schoolName: string; className: string; relation: Relation;
  relationLabel: string; status: BindingStatus; createdAt: IsoDateTime; decidedAt: IsoDateTime | null; rejectReason: string | null;
}
export interface MyDataStudent { id: string; name: string; studentNo: string | null; gender: string | null; schoolName: string; className: string }
export interface MyDataConsent { kind: string; kindLabel: string; version: string; studentName: string | null; givenOn: string }
export interface MyDataNoticeReceipt {
  id: string; noticeTitle: string; schoolName: string; students: string[]; readOn: string | null; confirmedOn: string | null;
  signedOn: string | null; answeredOn: string | null; answerChoices: string[]; answerText: string | null;
  /** The handwritten signature as a PNG data URL, when the notice asked for one. */
  signature: string | null;
}
export interface MyDataPledgeSignature {
  id: string; schoolYear: string; schoolName: string; studentName: string; relationLabel: string; versionNumber: number; signedOn: string;
  guardianSignature: string | null; studentSignature: string | null;
}
export interface MyDataInboxItem { title: string; body: string; createdAt: IsoDateTime; readOn: string | null }
/** A login session: only the device label and the day it began (no token, no address). */
export interface MyDataSession { kind: string; deviceLabel: string; createdOn: string; active: boolean }
/** What the school's staff see about this guardian: the name and relation in the class's binding list, and each child's roster entry. */
export interface MyDataStaffView { where: string; shows: string }

export interface MyDataResponse {
  generatedAt: IsoDateTime;
  profile: MyDataProfile;
  bindings: MyDataBinding[];
  students: MyDataStudent[];
  consents: MyDataConsent[];
  noticeReceipts: MyDataNoticeReceipt[];
  pledgeSignatures: MyDataPledgeSignature[];
  inbox: MyDataInboxItem[];
  sessions: MyDataSession[];
  staffVisible: MyDataStaffView[];
  /** Never part of this: anonymous tips and surveys hold no account. */
  notIncluded: string[];
}

export interface UpdateProfileRequest { displayName: string }
export interface CorrectBindingRequest { relation: Relation }
export interface GiveConsentAgainRequest { consentVersion: string }
export interface DeleteAccountRequest { confirm: string }
export interface DeleteAccountResponse { deleted: true; retained: { pledgeSignatures: number; noticeReceipts: number } }

/** The school's person responsible for children's personal information (儿童个人信息保护负责人): name ≤ FIELD_LIMITS.personNameMax, phone PUBLIC_PHONE_PATTERN. */
export interface ChildDataOfficer { schoolId: string; schoolName: string; name: string | null; phone: string | null; updatedAt: IsoDateTime | null }
export interface SetChildDataOfficerRequest { name: string; phone: string }
