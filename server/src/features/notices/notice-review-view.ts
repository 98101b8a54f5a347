import type { EntityManager } from 'typeorm';
import type { NoticeReviewView } from '@anxin/shared';
import { isoRequired } from '../../platform/database/dates';
import { UserEntity } from '../identity/user.entity';
import type { NoticeEntity } from './notice.entity';

/**
 * The principal's review mark: a notice WeChat's content check marked `review` waits for the principal until they
 * keep it (the mark is cleared) or recall it. The verdict itself stays on the notice (`contentCheck: 'review'`).
 */
export function needsPrincipalReview(notice: Pick<NoticeEntity, 'contentCheck' | 'reviewDecision'>): boolean {
  return notice.contentCheck === 'review' && !notice.reviewDecision;
}

/** The principal's decision, with their name, as the staff view shows it (null while it waits, or never marked). */
export async function reviewView(m: EntityManager, notice: Pick<NoticeEntity, 'reviewDecision' | 'reviewNote' | 'reviewedBy' | 'reviewedAt'>): Promise<NoticeReviewView | null> {
  if (!notice.reviewDecision || !notice.reviewedBy || !notice.reviewedAt) return null;
  const by = await m.findOne(UserEntity, { where: { id: notice.reviewedBy }, select: { id: true, displayName: true } });
  return { decision: notice.reviewDecision, note: notice.reviewNote, by: { id: notice.reviewedBy, name: by?.displayName ?? '' }, at: isoRequired(notice.reviewedAt) };
}
