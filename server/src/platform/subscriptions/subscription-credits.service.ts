import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { SchoolRole, SUBSCRIPTION_CREDIT_CAP, type SubscriptionMode, type SubscriptionState, type SubscriptionStatus } from '@anxin/shared';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { UserEntity } from '../../features/identity/user.entity';
import { designatedContactId } from '../../features/tenancy/designated-contact';
import { SchoolEntity } from '../../features/tenancy/school.entity';
import { StaffRoleEntity } from '../../features/tenancy/staff-role.entity';
import { subscriptionCatalogue, TEMPLATE_CONSENT, templateId, type CatalogueEntry } from '../wechat/templates';
import { SubscriptionCreditEntity } from './subscription-credit.entity';

/** What a send may use: long-term consent (spends nothing), one one-time credit (spent now), or nothing (inbox only). */
export type Reservation = 'long_term' | 'one_time' | 'none';

/** Why a reservation found nothing: never allowed, every credit spent, or switched off (in WeChat, banned, or refused on send). */
export type NoCreditReason = 'no_consent' | 'credits_used' | 'consent_off';

/** The message kind whose alerts decide whether a school's designated contact can be reached. */
export const TIP_ALERT_KIND = 'tip.new';

/** A change to a user's consent for one template, from the app's report or from a WeChat push. */
export type ConsentChange =
  | { type: 'result'; result: 'accept' | 'reject' | 'ban' | 'filter'; grantOneTime: boolean }
  | { type: 'off' };

/** Roles a new tip alerts: the designated contact first, the principal and committee when it is theirs. */
export const ALERTING_ROLES: readonly string[] = [SchoolRole.CONTACT, SchoolRole.PRINCIPAL, SchoolRole.COMMITTEE];

/**
 * The owner of subscription credits. The outbox asks `reserve` before a WeChat send and `refund`s when the send
 * provably did not happen; the app's reports and WeChat's pushes change them through `apply`.
 */
@Injectable()
export class SubscriptionCredits {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly clock: Clock) {}

  catalogue(): CatalogueEntry[] {
    return subscriptionCatalogue(this.config.wechat.templates, this.config.wechat.templateModes);
  }

  templateIdFor(kind: string): string {
    return templateId(kind, this.config.wechat.templates);
  }

  modeOfKind(kind: string): SubscriptionMode {
    return this.config.wechat.templateModes[kind] ?? TEMPLATE_CONSENT[kind]?.mode ?? 'one_time';
  }

  /** Whether anyone can allow WeChat messages of `kind` (it has a consent entry in the catalogue); otherwise inbox only. */
  consentable(kind: string): boolean {
    return TEMPLATE_CONSENT[kind] !== undefined;
  }

  /** The mode of a template id in the catalogue, or null when the id is not ours. */
  modeOfTemplate(templateIdValue: string): SubscriptionMode | null {
    return this.catalogue().find((e) => e.templateId === templateIdValue)?.mode ?? null;
  }

  /**
   * Before a WeChat send of `kind` to `userId`: long-term consent spends nothing; otherwise one one-time credit is
   * taken by a single conditional UPDATE (`credits > 0`), so concurrent reservations on either engine never spend
   * one credit twice nor go below zero. 'none' means: do not call WeChat, deliver to the inbox only.
   */
  async reserve(m: EntityManager, userId: string, kind: string): Promise<Reservation> {
    return (await this.reserveAll(m, [{ userId, kind }]))[0].reservation;
  }

  /**
   * `reserve` for many sends at once (a claim's rows), in the given order (the caller sorts by recipient and
   * template, so concurrent claims lock credit rows in one order). Their credit rows are read in one query: long-term
   * consent then costs no query per message, and a send without any credit none either; a one-time credit is still
   * taken by the conditional UPDATE, so it is never spent twice. Each answer says why when there is nothing.
   */
  async reserveAll(m: EntityManager, wants: { userId: string; kind: string }[]): Promise<{ reservation: Reservation; why: NoCreditReason | null }[]> {
    if (wants.length === 0) return [];
    const tids = [...new Set(wants.map((w) => this.templateIdFor(w.kind)))];
    const rows = await m.find(SubscriptionCreditEntity, { where: { userId: In([...new Set(wants.map((w) => w.userId))]), templateId: In(tids) } });
    const byKey = new Map(rows.map((r) => [`${r.userId}|${r.templateId}`, r]));
    const out: { reservation: Reservation; why: NoCreditReason | null }[] = [];
    for (const w of wants) {
      const tid = this.templateIdFor(w.kind);
      const row = byKey.get(`${w.userId}|${tid}`);
      if (this.modeOfKind(w.kind) === 'long_term' && row?.longTerm) {
        out.push({ reservation: 'long_term', why: null });
        continue;
      }
      if (row && row.oneTimeCredits > 0) {
        const res = await m.createQueryBuilder().update(SubscriptionCreditEntity)
          .set({ oneTimeCredits: () => 'one_time_credits - 1', updatedOn: this.clock.now() })
          .where('user_id = :userId AND template_id = :tid AND one_time_credits > 0', { userId: w.userId, tid })
          .execute();
        if ((res.affected ?? 0) > 0) {
          row.oneTimeCredits--;
          out.push({ reservation: 'one_time', why: null });
          continue;
        }
        row.oneTimeCredits = 0; // spent meanwhile by another claim
      }
      out.push({ reservation: 'none', why: whyNoCredit(row?.lastStatus ?? null) });
    }
    return out;
  }

  /**
   * Gives back the credit a 'one_time' reservation took, when the send provably did not reach WeChat (no request
   * made, or an answer that WeChat documents as not delivered and not consuming, e.g. a system error -1 or a bad
   * access token). Never after 43101 or a success. Capped like any credit.
   */
  async refund(m: EntityManager, userId: string, kind: string, reservation: Reservation): Promise<void> {
    if (reservation !== 'one_time') return;
    await this.addCredit(m, userId, this.templateIdFor(kind), null);
  }

  /** WeChat answered 43101: it holds no credit for this user and template, whatever we counted. Ours go to zero, off. */
  async refusedBySend(m: EntityManager, userId: string, kind: string): Promise<void> {
    await this.apply(m, userId, this.templateIdFor(kind), { type: 'off' });
  }

  /** Applies one consent change (the caller has checked the template id is in the catalogue). */
  async apply(m: EntityManager, userId: string, tid: string, change: ConsentChange): Promise<void> {
    const mode = this.modeOfTemplate(tid) ?? 'one_time';
    await this.ensureRow(m, userId, tid);
    const today = this.clock.now();
    const where = { userId, templateId: tid };
    if (change.type === 'off') {
      await m.update(SubscriptionCreditEntity, where, { oneTimeCredits: 0, longTerm: false, lastStatus: 'off', updatedOn: today });
      return;
    }
    const status: SubscriptionStatus = change.result;
    switch (change.result) {
      case 'accept':
        if (mode === 'long_term') await m.update(SubscriptionCreditEntity, where, { longTerm: true, lastStatus: status, updatedOn: today });
        else if (change.grantOneTime) await this.addCredit(m, userId, tid, status);
        else await m.update(SubscriptionCreditEntity, where, { lastStatus: status, updatedOn: today });
        return;
      case 'reject':
        // A one-time 拒绝 leaves the credits of earlier 允许 in place (WeChat still honours them); a long-term one ends it.
        await m.update(SubscriptionCreditEntity, where, { ...(mode === 'long_term' ? { longTerm: false } : {}), lastStatus: status, updatedOn: today });
        return;
      case 'ban':
        // The template was banned for this user: nothing of it will be delivered.
        await m.update(SubscriptionCreditEntity, where, { oneTimeCredits: 0, longTerm: false, lastStatus: status, updatedOn: today });
        return;
      case 'filter':
        await m.update(SubscriptionCreditEntity, where, { lastStatus: status, updatedOn: today });
    }
  }

  /** The user's state for every template in the catalogue. */
  async states(m: EntityManager, userId: string): Promise<SubscriptionState[]> {
    const rows = await m.find(SubscriptionCreditEntity, { where: { userId } });
    const byTemplate = new Map(rows.map((r) => [r.templateId, r]));
    return this.catalogue().map((e) => {
      const row = byTemplate.get(e.templateId);
      const longTerm = e.mode === 'long_term' && !!row?.longTerm;
      const credits = row?.oneTimeCredits ?? 0;
      return { kind: e.kind, templateId: e.templateId, mode: e.mode, on: longTerm || credits > 0, longTerm, credits, lastStatus: row?.lastStatus ?? null };
    });
  }

  /** Whether a WeChat message of `kind` would go out to the user now (without spending anything). */
  async canReach(m: EntityManager, userId: string, kind: string): Promise<{ on: boolean; longTerm: boolean; credits: number }> {
    const row = await m.findOne(SubscriptionCreditEntity, { where: { userId, templateId: this.templateIdFor(kind) } });
    const longTerm = this.modeOfKind(kind) === 'long_term' && !!row?.longTerm;
    const credits = row?.oneTimeCredits ?? 0;
    return { on: longTerm || credits > 0, longTerm, credits };
  }

  /** canReach for many users at once (a district's contacts): one query per 500 users; whether each is reached (`on`). */
  async canReachMany(m: EntityManager, userIds: readonly string[], kind: string): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>(userIds.map((id) => [id, false]));
    const templateId = this.templateIdFor(kind);
    const longTermKind = this.modeOfKind(kind) === 'long_term';
    for (let i = 0; i < userIds.length; i += 500) {
      const rows = await m.find(SubscriptionCreditEntity, { where: { userId: In(userIds.slice(i, i + 500)), templateId } });
      for (const row of rows) out.set(row.userId, (longTermKind && !!row.longTerm) || (row.oneTimeCredits ?? 0) > 0);
    }
    return out;
  }

  /**
   * Whether the school's designated contact would get a WeChat alert for a new tip now. False when the school has
   * no contact, or the contact has neither long-term consent nor a credit: their tip alerts would reach the inbox only.
   */
  async contactReachable(m: EntityManager, schoolId: string): Promise<boolean> {
    const school = await m.findOne(SchoolEntity, { where: { id: schoolId } });
    const contactId = school ? await designatedContactId(m, school) : null;
    if (!contactId) return false;
    return (await this.canReach(m, contactId, TIP_ALERT_KIND)).on;
  }

  /** Every staff member of the school with an alerting role, and whether new-tip alerts reach them in WeChat. */
  async reach(m: EntityManager, schoolId: string) {
    const roles = await m.find(StaffRoleEntity, { where: { schoolId, role: In([...ALERTING_ROLES]) } });
    const userIds = [...new Set(roles.map((r) => r.userId))];
    const users = userIds.length ? await m.find(UserEntity, { where: { id: In(userIds) } }) : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const staff = [];
    for (const userId of userIds) {
      const r = await this.canReach(m, userId, TIP_ALERT_KIND);
      const held = roles.filter((x) => x.userId === userId).map((x) => x.role as string);
      staff.push({ userId, displayName: names.get(userId) ?? '', roles: ALERTING_ROLES.filter((x) => held.includes(x)), alertsOn: r.on, longTerm: r.longTerm, credits: r.credits });
    }
    staff.sort((a, b) => ALERTING_ROLES.indexOf(a.roles[0]) - ALERTING_ROLES.indexOf(b.roles[0]) || a.displayName.localeCompare(b.displayName));
    return { schoolId, contactReachable: await this.contactReachable(m, schoolId), staff };
  }

  private async ensureRow(m: EntityManager, userId: string, tid: string): Promise<void> {
    // orIgnore: two reports for one template at once both try; the unique (user, template) keeps one row.
    await m.createQueryBuilder().insert().into(SubscriptionCreditEntity).values({
      id: randomUUID(), userId, templateId: tid, oneTimeCredits: 0, longTerm: false, lastStatus: null, updatedOn: this.clock.now(),
    }).orIgnore().execute();
  }

  /** One more credit, never above the cap, in one UPDATE (no read-modify-write race). */
  private async addCredit(m: EntityManager, userId: string, tid: string, status: SubscriptionStatus | null): Promise<void> {
    await this.ensureRow(m, userId, tid);
    await m.createQueryBuilder().update(SubscriptionCreditEntity)
      .set({
        oneTimeCredits: () => `CASE WHEN one_time_credits < ${SUBSCRIPTION_CREDIT_CAP} THEN one_time_credits + 1 ELSE one_time_credits END`,
        updatedOn: this.clock.now(),
        ...(status ? { lastStatus: status } : {}),
      })
      .where('user_id = :userId AND template_id = :tid', { userId, tid })
      .execute();
  }
}

/** Why a user has nothing to send with, from their last answer: switched off (or banned), all spent, never allowed. */
function whyNoCredit(lastStatus: SubscriptionStatus | null): NoCreditReason {
  if (lastStatus === 'off' || lastStatus === 'ban') return 'consent_off';
  if (lastStatus === 'accept') return 'credits_used';
  return 'no_consent';
}
