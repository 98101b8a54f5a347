import { formatChineseDate } from '@anxin/shared';
import type { OutboxMessage } from '../../platform/outbox/outbox.types';
import { quietHoursOf, quietUntil } from '../notices/notice-times';
import type { SchoolEntity } from '../tenancy/school.entity';
import type { PledgeEntity } from './pledge.entity';

/** The message kind (template) of everything asking a guardian to sign a pledge. */
export const PLEDGE_MESSAGE_KIND = 'pledge.sign';

/** The guardian's list of pledges in the mini-program (one message may be about several children). */
export const PLEDGE_PAGE = 'subpackages/pledges/list/index';

/** What a message asks, by the round it belongs to. */
export type PledgeAsk = 'sign' | 'resign' | 'remind';

const deadlineText = (pledge: PledgeEntity) => formatChineseDate(`${pledge.deadline}T12:00:00+08:00`);

const TEXT: Record<PledgeAsk, (pledge: PledgeEntity, school: SchoolEntity) => { title: string; body: string }> = {
  sign: (p, s) => ({ title: `${p.schoolYear}学年防范校园欺凌承诺书`, body: `${s.name}请您阅读并签署，截止${deadlineText(p)}` }),
  resign: (p, s) => ({ title: '防欺凌承诺书已更新', body: `${s.name}更新了${p.schoolYear}学年承诺书，请重新签署` }),
  remind: (p, s) => ({ title: '提醒：签署防欺凌承诺书', body: `${s.name}提醒您在${deadlineText(p)}前完成签署` }),
};

/**
 * A message to one guardian about a pledge (whatever their number of children), through the outbox with its in-app
 * inbox copy. `key` makes it once per round (or per class reminder): `pledge:<id>:<key>:<guardian>`. Like letters
 * home, it is not pushed to WeChat during the school's quiet hours (default 21:00–07:00), when it waits until they end.
 */
export function pledgeMessage(pledge: PledgeEntity, school: SchoolEntity, guardianUserId: string, ask: PledgeAsk, key: string, now: Date): OutboxMessage {
  return {
    channel: 'wechat_subscribe', schoolId: pledge.schoolId, recipientUserId: guardianUserId, template: PLEDGE_MESSAGE_KIND,
    dedupeKey: `pledge:${pledge.id}:${key}:${guardianUserId}`, page: PLEDGE_PAGE, fallback: { kind: 'inbox_only' },
    dueAt: quietUntil(now, quietHoursOf(school.settings)) ?? undefined, ...TEXT[ask](pledge, school),
  };
}
