import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { RETENTION_BOUNDS, type RetentionKind, type RetentionRules } from '@anxin/shared';
import type { AuditRecord } from '../../platform/audit/audit.service';
import { ERASED_ENVELOPE } from '../../platform/crypto/crypto.service';
import { TipKeyEntity } from '../../platform/crypto/tip-key.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { TipAttachmentChunkEntity } from '../tips/tip-attachment-chunk.entity';
import { TipAttachmentEntity } from '../tips/tip-attachment.entity';
import { TIP_CHILD_FIELDS } from '../tips/tip-content-seal';
import { TipMessageEntity } from '../tips/tip-message.entity';
import { TipReplyAlertEntity } from '../tips/tip-reply-alert.entity';
import { TipEntity } from '../tips/tip.entity';
import { TipNoteEntity } from '../tips/notes/tip-note.entity';
import { TipRedactionEntity } from '../tips/redaction/tip-redaction.entity';
import { RetentionHoldEntity } from './retention-hold.entity';
import { RetentionRulesEntity } from './retention-rules.entity';
import { TipErasureEntity } from './tip-erasure.entity';

/** The scheduled actions of retention (platform/scheduler), one per case and kind, with the case's reopen round in the key. */
export const RetentionAction: Record<RetentionKind, string> = {
  tip_content: 'retention.tip_content',
  unanswered_thread: 'retention.unanswered_thread',
};
export const RETENTION_KINDS = Object.keys(RetentionAction) as RetentionKind[];
export const RETENTION_SUBJECT = 'tip';

export function retentionDedupeKey(kind: RetentionKind, tipId: string, round: number): string {
  return `${RetentionAction[kind]}:${tipId}:${round}`;
}

export type AppendAudit = (m: EntityManager, record: AuditRecord) => Promise<unknown>;

/** The same instant `years` calendar years later (29 February → 1 March in a common year), in UTC. */
export function addYears(at: Date, years: number): Date {
  const d = new Date(at.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export const DEFAULT_RULES: Omit<RetentionRules, 'isDefault' | 'updatedAt'> = {
  tipContentYears: RETENTION_BOUNDS.tipContentYears.default,
  unansweredThreadYears: RETENTION_BOUNDS.unansweredThreadYears.default,
  receiptYears: RETENTION_BOUNDS.receiptYears.default,
  logDays: RETENTION_BOUNDS.logDays.default,
};

/** A district's rules: its row, or the defaults. */
export async function rulesOf(m: EntityManager, districtId: string): Promise<RetentionRules> {
  const row = await m.findOne(RetentionRulesEntity, { where: { districtId } });
  if (!row) return { ...DEFAULT_RULES, isDefault: true, updatedAt: null };
  return {
    tipContentYears: row.tipContentYears, unansweredThreadYears: row.unansweredThreadYears, receiptYears: row.receiptYears,
    logDays: row.logDays, isDefault: false, updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** When each kind of erasure of a case closed at `closedAt` falls due under `rules`. */
export function dueAt(kind: RetentionKind, closedAt: Date, rules: Pick<RetentionRules, 'tipContentYears' | 'unansweredThreadYears'>): Date {
  return addYears(closedAt, kind === 'tip_content' ? rules.tipContentYears : rules.unansweredThreadYears);
}

/**
 * Why an erasure due now must not run: the case is under a legal hold, was opened again, is not closed, or is gone.
 * Null when it may run.
 */
async function blocker(m: EntityManager, tip: TipEntity | null): Promise<string | null> {
  if (!tip) return 'gone';
  if (tip.status !== 'closed' || !tip.closedAt) return 'not_closed';
  if (await m.exists(RetentionHoldEntity, { where: { tipId: tip.id } })) return 'legal_hold';
  return null;
}

const TIP_NULLABLE_COLUMNS = ['whenEnc', 'placeDetailEnc', 'peopleEnc', 'measuresEnc', 'outcomeEnc', 'reporterOutcomeEnc'] as const;

/**
 * Erases a closed case's content in the caller's transaction: the tip's own key row, its photos (chunks and rows),
 * internal notes, redaction masks and reply-alert row are deleted; every other sealed field (the tip's texts,
 * messages, onward reports, reopening reasons) is overwritten with ERASED_ENVELOPE, the progress detail and referral
 * text with null. What stays is metadata: category, source, dates, deadlines, the finding and triage outcome, who
 * acted and when, and the audit chain. Answers the removed counts, or null when a legal hold (or a reopened case)
 * stops it. Audited as `retention.tip_erased` with ids and counts only.
 */
export async function eraseTipContent(m: EntityManager, tipId: string, now: Date, audit: AppendAudit): Promise<Record<string, number> | null> {
  const tip = await m.findOne(TipEntity, { where: { id: tipId } });
  if (await blocker(m, tip)) return null;
  const t = tip!;
  // The named reporter's details go entirely (null: the case then shows no name); other texts read as erased.
  const tipChanges: Partial<TipEntity> = { descriptionEnc: ERASED_ENVELOPE, namedEnc: null };
  for (const c of TIP_NULLABLE_COLUMNS) if (t[c] !== null) (tipChanges as any)[c] = ERASED_ENVELOPE;
  await m.update(TipEntity, { id: t.id }, tipChanges);
  const attachmentIds = (await m.find(TipAttachmentEntity, { where: { tipId: t.id }, select: { id: true } })).map((a) => a.id);
  const removed: Record<string, number> = { attachments: attachmentIds.length };
  if (attachmentIds.length) {
    await m.delete(TipAttachmentChunkEntity, { attachmentId: In(attachmentIds) });
    await m.delete(TipAttachmentEntity, { id: In(attachmentIds) });
  }
  removed.notes = (await m.delete(TipNoteEntity, { tipId: t.id })).affected ?? 0;
  await m.delete(TipRedactionEntity, { tipId: t.id });
  await m.delete(TipReplyAlertEntity, { tipId: t.id });
  for (const f of TIP_CHILD_FIELDS) {
    if (f.entity === TipNoteEntity || f.entity === TipRedactionEntity) continue;
    const nullable = f.column === 'detailEnc' || f.column === 'referredToEnc';
    const res = await m.update(f.entity as any, { tipId: t.id, [f.column]: Not(IsNull()) }, { [f.column]: nullable ? null : ERASED_ENVELOPE });
    removed[f.column === 'bodyEnc' ? 'messages' : f.column] = res.affected ?? 0;
  }
  removed.keys = (await m.delete(TipKeyEntity, { tipId: t.id })).affected ?? 0;
  await m.delete(TipErasureEntity, { tipId: t.id, kind: 'tip_content' });
  await m.insert(TipErasureEntity, { tipId: t.id, kind: 'tip_content', schoolId: t.schoolId, erasedAt: now });
  await audit(m, {
    schoolId: t.schoolId, actorUserId: null, actorRole: 'system', action: 'retention.tip_erased', targetType: 'tip', targetId: t.id,
    details: { closedAt: new Date(t.closedAt!).toISOString(), ...removed },
  });
  return removed;
}

/**
 * Erases the reporter messages of a closed case that no staff reply followed (the thread's unanswered tail), in the
 * caller's transaction: their text is overwritten with ERASED_ENVELOPE, the rows (who wrote, when) stay. Null when a
 * legal hold (or a reopened case) stops it.
 */
export async function eraseUnansweredThread(m: EntityManager, tipId: string, now: Date, audit: AppendAudit): Promise<number | null> {
  const tip = await m.findOne(TipEntity, { where: { id: tipId } });
  if (await blocker(m, tip)) return null;
  const messages = await m.find(TipMessageEntity, { where: { tipId }, order: { createdAt: 'ASC' } });
  const lastReply = messages.filter((x) => x.authorKind === 'school').map((x) => new Date(x.createdAt).getTime()).reduce((a, b) => Math.max(a, b), -Infinity);
  const unanswered = messages.filter((x) => x.authorKind === 'reporter' && new Date(x.createdAt).getTime() > lastReply && x.bodyEnc !== ERASED_ENVELOPE);
  if (unanswered.length) await m.update(TipMessageEntity, { id: In(unanswered.map((x) => x.id)) }, { bodyEnc: ERASED_ENVELOPE });
  await m.delete(TipErasureEntity, { tipId, kind: 'unanswered_thread' });
  await m.insert(TipErasureEntity, { tipId, kind: 'unanswered_thread', schoolId: tip!.schoolId, erasedAt: now });
  await audit(m, {
    schoolId: tip!.schoolId, actorUserId: null, actorRole: 'system', action: 'retention.thread_erased', targetType: 'tip', targetId: tipId,
    details: { messages: unanswered.length },
  });
  return unanswered.length;
}

/** Runs the erasure of `kind` for a case (the scheduler's handler and the CLI both call this). */
export async function runErasure(m: EntityManager, kind: RetentionKind, tipId: string, now: Date, audit: AppendAudit): Promise<boolean> {
  return kind === 'tip_content'
    ? (await eraseTipContent(m, tipId, now, audit)) !== null
    : (await eraseUnansweredThread(m, tipId, now, audit)) !== null;
}

export function kindOfAction(action: string): RetentionKind | null {
  return RETENTION_KINDS.find((k) => RetentionAction[k] === action) ?? null;
}

/** The district a school belongs to. */
export async function districtOfSchool(m: EntityManager, schoolId: string): Promise<string> {
  return (await m.findOneOrFail(SchoolEntity, { where: { id: schoolId } })).districtId;
}
