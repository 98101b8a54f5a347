import type { EntityManager } from 'typeorm';
import { NOTICE_KIND_LABELS, noticeBodyText } from '@anxin/shared';
import type { RobotAudience, RobotPosts } from '../../platform/robots/robot-posts';
import type { NoticeEntity } from './notice.entity';

/** What a robot post may carry of the body: WeCom groups get a summary that leads parents to the app. */
const SUMMARY_CHARS = 600;

/**
 * A notice's post into the school's WeCom groups, written in the transaction that publishes it (now, or when its
 * scheduled time comes). Urgent warnings always go to the robots of their audience; letters and notices only when
 * the school turned that on (RobotPosts decides). The post names no guardian and no child, only what every parent
 * of the audience receives anyway, and tells them where to confirm.
 */
export async function postNoticeToRobots(robots: RobotPosts, m: EntityManager, notice: NoticeEntity): Promise<string[]> {
  const audience: RobotAudience = notice.audienceScope === 'school' ? { kind: 'school' }
    : notice.audienceScope === 'grades' ? { kind: 'grades', gradeIds: notice.audienceIds }
      : { kind: 'classes', classIds: notice.audienceIds };
  const text = noticeBodyText(notice.body);
  const summary = text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text;
  const action = notice.confirmMode === 'read' ? '查看' : '查看并确认';
  return robots.enqueueForAudience(m, notice.schoolId, audience, {
    purpose: notice.kind === 'warning' ? 'urgent' : 'notice',
    title: `【${NOTICE_KIND_LABELS[notice.kind]}】${notice.title}`,
    markdown: `${summary}\n\n> 请家长在微信「安心家校」小程序的「通知与家长信」中${action}。`,
    dedupeKey: `notice.published:${notice.id}`,
  });
}
