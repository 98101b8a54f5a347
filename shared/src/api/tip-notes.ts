import type { IsoDateTime } from './common';
import type { StaffRef } from './tips';

/**
 * Staff-only parts of a case: internal notes (内部备注), the internal progress step, and redaction (脱敏) of the text
 * before it leaves the school. None of it ever reaches the reporter's follow-up thread.
 *
 *   GET  /tips/{id}/internal          → 200 TipInternalView (notes + progress; audited as tip.notes_viewed)
 *   POST /tips/{id}/notes             AddTipNoteRequest → 201 TipNote (append-only: a correction is a new note)
 *   PUT  /tips/{id}/progress          SetTipProgressRequest → 200 TipInternalProgress
 *   GET  /tips/{id}/redaction/summary → 200 TipRedactionSummary (no text)
 *   GET  /tips/{id}/redaction         → 200 TipRedactionView (the designated contact only: the original text with the
 *                                      proposed and confirmed spans; audited as tip.original_viewed)
 *   PUT  /tips/{id}/redaction         SaveTipRedactionRequest → 200 TipRedactionSummary (the designated contact only)
 */

export const TIP_NOTE_LIMITS = {
  noteMax: 2000,
  progressDetailMax: 200,
  /** Confirmed spans per field. */
  spansMax: 200,
} as const;

export const TipProgressStep = {
  INTERVIEW_STUDENTS: 'interview_students',
  INTERVIEW_PARENTS: 'interview_parents',
  CCTV: 'cctv',
  COUNSELLING: 'counselling',
  AWAITING_MORAL_OFFICE: 'awaiting_moral_office',
  OTHER: 'other',
} as const;
export type TipProgressStep = (typeof TipProgressStep)[keyof typeof TipProgressStep];
export const TIP_PROGRESS_STEP_LABELS: Record<TipProgressStep, string> = {
  interview_students: '约谈学生',
  interview_parents: '约谈家长',
  cctv: '调取监控',
  counselling: '心理辅导',
  awaiting_moral_office: '等待德育处',
  other: '其他',
};

export interface TipNote {
  id: string;
  author: StaffRef;
  body: string;
  at: IsoDateTime;
}

/** Where the school is in its own investigation (staff only; the reporter sees the public status, e.g. 调查中). */
export interface TipInternalProgress {
  step: TipProgressStep;
  /** Free text beside the step (required for 其他). */
  detail: string | null;
  by: StaffRef;
  at: IsoDateTime;
}

export interface TipInternalView {
  /** Oldest first. */
  notes: TipNote[];
  progress: TipInternalProgress | null;
  /** Whether the caller may add notes and set the progress (those who handle the case). */
  canWrite: boolean;
}

export interface AddTipNoteRequest {
  body: string;
}

export interface SetTipProgressRequest {
  step: TipProgressStep;
  detail?: string;
}

// ---------------------------------------------------------------- redaction (脱敏)

/** The case texts that can be masked. */
export type TipRedactedField = 'description' | 'placeDetail' | 'peopleInvolved';
export const TIP_REDACTED_FIELDS: readonly TipRedactedField[] = ['description', 'placeDetail', 'peopleInvolved'];
export const TIP_REDACTED_FIELD_LABELS: Record<TipRedactedField, string> = {
  description: '经过',
  placeDetail: '地点说明',
  peopleInvolved: '涉及人员',
};

/** What a proposed span looks like: a name after 同学/老师/叫…, a name on the school's roster, a phone, … */
export type TipSpanKind = 'name' | 'roster_name' | 'phone' | 'id_number' | 'address' | 'social_id';
export const TIP_SPAN_KIND_LABELS: Record<TipSpanKind, string> = {
  name: '姓名',
  roster_name: '花名册姓名',
  phone: '手机号',
  id_number: '身份证号',
  address: '地址',
  social_id: 'QQ/微信号',
};

/** A range of a text in UTF-16 code units, `end` exclusive (String.prototype.slice). */
export interface TextSpan {
  start: number;
  end: number;
}
export interface TipSpanCandidate extends TextSpan {
  kind: TipSpanKind;
}

export interface TipRedactionField {
  field: TipRedactedField;
  /** The original text. */
  text: string;
  /** Found automatically (a proposal; the contact decides). */
  candidates: TipSpanCandidate[];
  /** Confirmed masks (empty before the contact saved any). */
  masks: TextSpan[];
}

export interface TipRedactionView {
  fields: TipRedactionField[];
  savedAt: IsoDateTime | null;
  savedBy: StaffRef | null;
}

export interface SaveTipRedactionRequest {
  /** Every field's confirmed spans; a field left out has none. */
  fields: { field: TipRedactedField; spans: TextSpan[] }[];
}

export interface TipRedactionSummary {
  /** Confirmed masks exist: everyone's case page, the district's view and the ledger show the masked text. */
  masked: boolean;
  maskCount: number;
  /** The contact has saved a redaction (possibly with no masks: reviewed and nothing to hide). */
  reviewed: boolean;
  /** Spans found automatically that nobody has reviewed yet (0 once the contact saved). */
  unconfirmedCandidates: number;
  escalatedToDistrict: boolean;
  /** The caller is the designated contact: may review the masks and view the original. */
  canRedact: boolean;
  savedAt: IsoDateTime | null;
}
