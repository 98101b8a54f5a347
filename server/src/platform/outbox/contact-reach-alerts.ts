import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { inTransaction } from '../database/transaction';
import { designatedContactId, designatedContacts, schoolsNaming } from '../../features/tenancy/designated-contact';
import { SchoolEntity } from '../../features/tenancy/school.entity';
import { SubscriptionCreditEntity } from '../subscriptions/subscription-credit.entity';
import { SubscriptionCredits, TIP_ALERT_KIND } from '../subscriptions/subscription-credits.service';
import { AlertEntity } from './alert.entity';
import { DeliveryAlertRaiser } from './delivery-alert-raiser';

export const CONTACT_UNREACHABLE = 'delivery.contact_unreachable';

/** The dedupe key of a school's open alert: unique, so two workers can never open two at once. */
const openKey = (schoolId: string) => `${CONTACT_UNREACHABLE}:${schoolId}`;

/**
 * "A tip box whose contact gets no alerts is a broken tip box." While a school's designated contact has neither a
 * one-time credit nor long-term consent for new-tip alerts, the school admin has one open delivery alert about it
 * (and its admins a message); when the contact can be reached again, or the school has no designated contact any
 * more, the alert is resolved. `check` runs where reach changes: a send that spent the contact's last credit, a
 * refund, WeChat's 43101, the contact's own report, a push from WeChat. `sweep` (each late-alert round of the
 * worker) catches the rest, e.g. a newly named contact who has not turned alerts on.
 */
@Injectable()
export class ContactReachAlerts {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly credits: SubscriptionCredits,
    private readonly alerts: DeliveryAlertRaiser,
  ) {}

  /** Raises or resolves the school's alert as its contact's reach is now. */
  async check(m: EntityManager, schoolId: string): Promise<void> {
    const school = await m.findOne(SchoolEntity, { where: { id: schoolId } });
    if (!school) return;
    const contactId = await designatedContactId(m, school);
    const reachable = !!contactId && (await this.credits.canReach(m, contactId, TIP_ALERT_KIND)).on;
    const open = await m.findOne(AlertEntity, { where: { dedupeKey: openKey(schoolId) } });
    if (contactId && !reachable) {
      if (open) return;
      const who = school.contactName ? `欺凌防治负责人${school.contactName}` : '欺凌防治负责人';
      await this.alerts.raiseAbout(m, {
        schoolId, kind: CONTACT_UNREACHABLE, dedupeKey: openKey(schoolId), subjectType: 'school', subjectId: schoolId,
        title: `${who}收不到新举报的微信提醒`,
        body: `${who}没有可用的新举报微信提醒（未开启、提醒次数已用完，或已在微信中关闭），新的举报只会出现在其站内消息中，`
          + '可能被延误。请提醒负责人在「工作台 → 新举报提醒」中开启。',
      });
    } else if (open) {
      await this.alerts.resolveForSchool(m, open, {
        title: '负责人已能收到新举报提醒',
        body: contactId ? '欺凌防治负责人已开启新举报的微信提醒，此前的提醒已解除。' : '学校已不再指定该负责人，此前的提醒已解除。',
      }, `${openKey(schoolId)}:${open.id}`);
    }
  }

  /** After a send to `userId` changed their credits: checks the school if `userId` is its designated contact. */
  async checkRecipient(m: EntityManager, schoolId: string, userId: string): Promise<void> {
    if ((await schoolsNaming(m, userId)).includes(schoolId)) await this.check(m, schoolId);
  }

  /** Checks every school where `userId` is the designated contact (after that user's consent changed). */
  async checkContact(m: EntityManager, userId: string): Promise<void> {
    for (const id of await schoolsNaming(m, userId)) await this.check(m, id);
  }

  /**
   * Every school whose alert state disagrees with its contact's reach is checked in its own transaction: read in
   * bulk first (the schools' designated contacts, their tip-alert credits, the open alerts), so a round where nothing
   * changed costs a few queries however many schools there are.
   */
  async sweep(): Promise<number> {
    const m = this.ds.manager;
    const contactOf = await designatedContacts(m);
    const open = new Set((await m.find(AlertEntity, { where: { kind: CONTACT_UNREACHABLE, resolvedAt: IsNull() }, select: { schoolId: true } })).map((a) => a.schoolId));
    const userIds = [...new Set(contactOf.values())];
    const reachable = new Set<string>();
    const longTerm = this.credits.modeOfKind(TIP_ALERT_KIND) === 'long_term';
    for (let i = 0; i < userIds.length; i += 500) {
      const rows = await m.find(SubscriptionCreditEntity, {
        where: { userId: In(userIds.slice(i, i + 500)), templateId: this.credits.templateIdFor(TIP_ALERT_KIND) },
        select: { userId: true, oneTimeCredits: true, longTerm: true },
      });
      for (const r of rows) if (r.oneTimeCredits > 0 || (longTerm && r.longTerm)) reachable.add(r.userId);
    }
    const changed = new Set<string>();
    for (const [schoolId, contactId] of contactOf) {
      if (!reachable.has(contactId) !== open.has(schoolId)) changed.add(schoolId);
    }
    // Open alerts of schools that no longer have a designated contact at all.
    for (const id of open) if (!contactOf.has(id)) changed.add(id);
    for (const id of changed) await inTransaction(this.ds, (tx) => this.check(tx, id));
    return changed.size;
  }
}
