import { In, type EntityManager } from 'typeorm';
import { NOTICE_CORRECTION_LIMITS, type NoticeRef } from '@anxin/shared';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeEntity } from './notice.entity';

/**
 * A notice's chain of corrections: each correction names the notice it corrects (`correction_of`, unique) and is named
 * back by it (`corrected_by`), so a chain has one latest. These helpers walk it (at most NOTICE_CORRECTION_LIMITS.chainMax
 * steps, so a damaged chain cannot loop).
 */

/** The corrections that followed `notice`, oldest first (empty when it was never corrected). */
export async function correctionsAfter(m: EntityManager, notice: Pick<NoticeEntity, 'id' | 'correctedBy'>): Promise<NoticeEntity[]> {
  const out: NoticeEntity[] = [];
  const seen = new Set([notice.id]);
  let next = notice.correctedBy;
  while (next && !seen.has(next) && out.length < NOTICE_CORRECTION_LIMITS.chainMax) {
    seen.add(next);
    const n = await m.findOne(NoticeEntity, { where: { id: next } });
    if (!n) break;
    out.push(n);
    next = n.correctedBy;
  }
  return out;
}

/** The newest notice of `notice`'s chain: itself when it was never corrected. */
export async function latestOfChain(m: EntityManager, notice: NoticeEntity): Promise<NoticeEntity> {
  const after = await correctionsAfter(m, notice);
  return after.length ? after[after.length - 1] : notice;
}

/** The notice `notice` corrects and the correction that replaced it, with their titles (the staff view). */
export async function correctionRefs(m: EntityManager, notice: Pick<NoticeEntity, 'correctionOf' | 'correctedBy'>): Promise<{ correctionOf: NoticeRef | null; correctedBy: NoticeRef | null }> {
  const ids = [notice.correctionOf, notice.correctedBy].filter((x): x is string => !!x);
  const rows = ids.length ? await m.find(NoticeEntity, { where: { id: In(ids) }, select: { id: true, title: true } }) : [];
  const ref = (id: string | null): NoticeRef | null => {
    const n = id ? rows.find((r) => r.id === id) : undefined;
    return n ? { id: n.id, title: n.title } : null;
  };
  return { correctionOf: ref(notice.correctionOf), correctedBy: ref(notice.correctedBy) };
}

/**
 * A guardian's way along the chain from `notice`: the newest later correction they hold a receipt of (null while the
 * fan-out has not reached them), and the notice it corrects when they hold a receipt of that one. Every query is
 * keyed by the guardian, so no other guardian's receipt is read.
 */
export async function guardianChain(
  m: EntityManager, notice: Pick<NoticeEntity, 'id' | 'correctionOf' | 'correctedBy'>, guardianUserId: string,
): Promise<{ correctionOf: string | null; correctedBy: string | null }> {
  const later = (await correctionsAfter(m, notice)).map((n) => n.id);
  const ids = [...later, ...(notice.correctionOf ? [notice.correctionOf] : [])];
  const held = new Set(ids.length ? (await m.find(NoticeReceiptEntity, { where: { noticeId: In(ids), guardianUserId }, select: { noticeId: true } })).map((r) => r.noticeId) : []);
  return {
    correctionOf: notice.correctionOf && held.has(notice.correctionOf) ? notice.correctionOf : null,
    correctedBy: [...later].reverse().find((id) => held.has(id)) ?? null,
  };
}
