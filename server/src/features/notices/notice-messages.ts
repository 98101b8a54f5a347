import { NOTICE_KIND_LABELS, type NoticeConfirmMode } from '@anxin/shared';
import type { OutboxMessage } from '../../platform/outbox/outbox.types';
import type { SchoolEntity } from '../tenancy/school.entity';
import { quietHoursOf, quietUntil } from './notice-times';
import type { NoticeEntity } from './notice.entity';

/** The guardian's page of a notice in the mini-program. */
export const noticePage = (noticeId: string) => `subpackages/notices/detail/index?id=${noticeId}`;

/** The key of the message that announced a notice to a guardian (also kept on the receipt). */
export const publishKey = (noticeId: string, guardianUserId: string) => `notice:${noticeId}:${guardianUserId}`;

const ASK: Record<NoticeConfirmMode, string> = { read: '请及时阅读', confirm: '请阅读并确认收到', sign: '请阅读并签字确认' };

/**
 * When a message about `notice` may reach WeChat: urgent warnings at once; letters and notices not during the
 * school's quiet hours (default 21:00–07:00 Asia/Shanghai), when they wait until the window ends. The in-app inbox
 * copy is written at once either way.
 */
export function pushAt(notice: Pick<NoticeEntity, 'kind'>, school: Pick<SchoolEntity, 'settings'>, now: Date): Date | undefined {
  if (notice.kind === 'warning') return undefined;
  return quietUntil(now, quietHoursOf(school.settings)) ?? undefined;
}

function base(notice: NoticeEntity, school: SchoolEntity, guardianUserId: string, now: Date): Omit<OutboxMessage, 'dedupeKey' | 'title' | 'body'> {
  return {
    channel: 'wechat_subscribe', schoolId: notice.schoolId, recipientUserId: guardianUserId,
    template: notice.kind === 'warning' ? 'notice.warning' : 'notice.published',
    page: noticePage(notice.id), fallback: { kind: 'inbox_only' }, dueAt: pushAt(notice, school, now),
  };
}

/**
 * The messages announcing a published notice, one per guardian whatever their number of children: what they share
 * (the body, the page, when WeChat may be reached) worked out once, for a fan-out batch of hundreds.
 */
export function publishedMessages(notice: NoticeEntity, school: SchoolEntity, now: Date): (guardianUserId: string) => OutboxMessage {
  const shared = base(notice, school, '', now);
  // A correction asks again, also of those who had confirmed or signed what it corrects.
  const body = notice.correctionOf ? `${school.name}更正了${NOTICE_KIND_LABELS[notice.kind]}，${ASK[notice.confirmMode]}${notice.confirmMode === 'read' ? '' : '，已确认过的家长也请重新确认'}`
    : `${school.name}发来${NOTICE_KIND_LABELS[notice.kind]}，${ASK[notice.confirmMode]}`;
  return (guardianUserId) => ({ ...shared, recipientUserId: guardianUserId, dedupeKey: publishKey(notice.id, guardianUserId), title: notice.title, body });
}

/** A class teacher's reminder to one guardian who has not yet done what the notice asks. */
export function reminderMessage(notice: NoticeEntity, school: SchoolEntity, guardianUserId: string, classId: string, round: number, now: Date): OutboxMessage {
  const ask = notice.question && notice.confirmMode !== 'read' ? `${ASK[notice.confirmMode]}并回答回执问题` : notice.question ? '请阅读并回答回执问题' : ASK[notice.confirmMode];
  return {
    ...base(notice, school, guardianUserId, now), dedupeKey: `notice:${notice.id}:remind:${classId}:${round}:${guardianUserId}`,
    title: `提醒：${notice.title}`, body: `${school.name}提醒您：${ask}`,
  };
}
