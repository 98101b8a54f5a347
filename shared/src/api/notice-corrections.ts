import type { IsoDateTime } from './common';
import type { NoticeBody } from '../notice-body';
import type { NoticeConfirmMode, NoticeKind, NoticeQuestion } from './notices';

/**
 * What happens to a notice after it is published, and where a new one may start from:
 * - corrections (更正): a published notice never changes; a correction is a new notice linked to it (same audience,
 *   resolved again), whose title says 【更正】 and which carries a note of what changed. Guardians confirm it anew.
 * - the principal's review: a notice WeChat's content check marked `review` waits for the principal, who keeps it
 *   (the mark is cleared) or recalls it (the note is the reason guardians see).
 * - templates: letters home for each semester and an anti-bullying warning, copied into a new draft.
 *
 * Routes (under /api/v1):
 *   POST /notices/{id}/corrections   NoticeCorrectionRequest → 201 NoticeStaffDetail (the correction, published now;
 *                                    a notice already corrected: its latest correction is corrected)
 *   POST /notices/{id}/review        NoticeReviewRequest → 200 NoticeStaffDetail (principals only)
 *   GET  /notice-templates           → 200 NoticeTemplateListResponse (staff who may write notices)
 */

/** What a correction's title starts with (added by the server, once). */
export const NOTICE_CORRECTION_PREFIX = '【更正】';

export const NOTICE_CORRECTION_LIMITS = {
  /** The note of what changed, shown to guardians above the corrected text. */
  noteMax: 200,
  /** A correction's chain is followed at most this far (a notice corrected again and again). */
  chainMax: 50,
} as const;

export const NOTICE_REVIEW_LIMITS = {
  /** The principal's note: kept with a `keep`, the reason guardians read with a `recall`. */
  noteMax: 200,
} as const;

/** A title without the correction prefix (however often it was typed in front). */
export function stripCorrectionPrefix(title: string): string {
  let t = title.trim();
  while (t.startsWith(NOTICE_CORRECTION_PREFIX)) t = t.slice(NOTICE_CORRECTION_PREFIX.length).trim();
  return t;
}

/** The title a correction is published under: `【更正】` once, then the title as the author wrote it. */
export function correctionTitle(title: string): string {
  return `${NOTICE_CORRECTION_PREFIX}${stripCorrectionPrefix(title)}`;
}

// POST /notices/{id}/corrections: the whole corrected content (the audience is the original's).
export interface NoticeCorrectionRequest {
  /** Without the prefix (a leading 【更正】 is dropped and put back once); 1–NOTICE_LIMITS.titleMax characters. */
  title: string;
  body: NoticeBody;
  confirmMode: NoticeConfirmMode;
  question?: NoticeQuestion;
  /** Guardians confirm the correction until then (it closes at that time). */
  confirmDeadline?: IsoDateTime;
  /** What changed, in a sentence guardians read (1–NOTICE_CORRECTION_LIMITS.noteMax characters). */
  note: string;
  /**
   * Which of the corrected notice's attachments (pictures and PDFs) the correction carries, by their ids; left out:
   * all of them, an empty list: none. The correction gets copies of its own (new ids); picture blocks of `body` may
   * name a kept original, and the server rewrites them to the copy. An id that is not an attachment of the corrected
   * notice (the chain's latest) is a 400.
   */
  keepAttachmentIds?: string[];
}

export const NoticeReviewDecision = { KEEP: 'keep', RECALL: 'recall' } as const;
export type NoticeReviewDecision = (typeof NoticeReviewDecision)[keyof typeof NoticeReviewDecision];
export const NOTICE_REVIEW_DECISIONS: NoticeReviewDecision[] = Object.values(NoticeReviewDecision);
export const NOTICE_REVIEW_DECISION_LABELS: Record<NoticeReviewDecision, string> = { keep: '校长已查看，保留', recall: '校长已查看并撤回' };

// POST /notices/{id}/review (principals only)
export interface NoticeReviewRequest {
  decision: NoticeReviewDecision;
  /** Required to recall (it is the reason guardians see); optional to keep. */
  note?: string;
}

/** The principal's decision on a notice the content check marked `review`. */
export interface NoticeReviewView {
  decision: NoticeReviewDecision;
  note: string | null;
  by: { id: string; name: string };
  at: IsoDateTime;
}

/** Another notice of the same chain of corrections. */
export interface NoticeRef {
  id: string;
  title: string;
}

export const NoticeSemester = { AUTUMN: 'autumn', SPRING: 'spring' } as const;
export type NoticeSemester = (typeof NoticeSemester)[keyof typeof NoticeSemester];
export const NOTICE_SEMESTER_LABELS: Record<NoticeSemester, string> = { autumn: '秋季学期', spring: '春季学期' };

/** A starting point for a new notice: the app copies it into a draft the author edits. */
export interface NoticeTemplate {
  id: string;
  /** As the composer lists it, e.g. 秋季学期致家长的一封信. */
  name: string;
  /** One line on when to use it. */
  description: string;
  kind: NoticeKind;
  /** The semester a letter is for; null for a template of any time. */
  semester: NoticeSemester | null;
  /** A letter of the semester we are in (listed first). */
  current: boolean;
  title: string;
  body: NoticeBody;
  confirmMode: NoticeConfirmMode;
  question: NoticeQuestion | null;
}

export interface NoticeTemplateListResponse {
  items: NoticeTemplate[];
}
