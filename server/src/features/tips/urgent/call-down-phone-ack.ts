import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ackOnTime } from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import { Clock } from '../../../platform/common/clock/clock';
import { isoRequired } from '../../../platform/database/dates';
import { TelephonyEvents, type TelephonyEvent } from '../../../platform/telephony/telephony-events';
import { SchoolEntity } from '../../tenancy/school.entity';
import { investigationDueAt, tipPolicy } from '../tip-policy';
import { TipRoutingService } from '../tip-routing.service';
import { TipEntity } from '../tip.entity';
import { CALL_DOWN_KEY_PREFIX, CallDownService } from './call-down.service';

/**
 * Listens to the telephony events of call-downs (CallDownService records each), and when the person called presses 1,
 * acknowledges the tip as them: the same state change as 受理 in the app (the investigation clock starts, the
 * escalations stop), audited as acknowledged by phone with the person's label and masked phone. A tip someone already
 * acknowledged stays as it is.
 */
@Injectable()
export class CallDownPhoneAck implements OnModuleInit {
  constructor(
    private readonly events: TelephonyEvents,
    private readonly callDown: CallDownService,
    private readonly routing: TipRoutingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.register(CALL_DOWN_KEY_PREFIX, (m, e) => this.onEvent(m, e));
  }

  private async onEvent(m: EntityManager, event: TelephonyEvent): Promise<void> {
    const found = await this.callDown.onTelephonyEvent(m, event);
    if (!found || event.status !== 'key' || event.key !== '1') return;
    const { callDown, step } = found;
    const tip = await m.findOne(TipEntity, { where: { id: callDown.tipId } });
    if (!tip || tip.status !== 'new') return;
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: callDown.schoolId } });
    const target = (await this.callDown.targets(m, callDown))[step.targetIndex];
    const now = this.clock.now();
    const due = investigationDueAt(now, tipPolicy(school.settings));
    const res = await m.createQueryBuilder().update(TipEntity)
      .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: target?.userId ?? null, investigationDueAt: due, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND status = :new', { id: tip.id, version: tip.version, new: 'new' }).execute();
    if (res.affected !== 1) return;
    await this.callDown.stop(m, tip.id, 'phone');
    await this.routing.onAcknowledged(m, school, tip, now, due);
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: target?.userId ?? null, actorRole: 'phone', action: 'tip.acknowledged', targetType: 'tip', targetId: tip.id,
      details: {
        via: 'phone', person: step.personLabel, phone: step.phoneMasked,
        late: ackOnTime({ ackDueAt: tip.ackDueAt, acknowledgedAt: now }) === false, ackDueAt: isoRequired(tip.ackDueAt),
        escalationLevel: tip.escalationLevel, investigationDueAt: isoRequired(due),
      },
    });
  }
}
