import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ErrorCode } from '@anxin/shared';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { AppException } from '../../../platform/common/errors/app.exception';
import { iso, isoRequired } from '../../../platform/database/dates';
import { inTransaction } from '../../../platform/database/transaction';
import { TipRecords } from '../tip-records';
import { CallDownEntity, CallDownStepEntity } from './call-down.entity';
import { CallDownService } from './call-down.service';
import type { CallDownResponseDto, CallDownStateDto } from './urgent.dto';

/**
 * A tip's call-down as its case page shows it (whoever may open the tip), and 标记为紧急: a handler of a tip not yet
 * acknowledged starts its call-down by hand (audited with them as the actor).
 */
@Injectable()
export class CallDownViewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly callDown: CallDownService,
  ) {}

  async state(auth: AuthContext, tipId: string): Promise<CallDownResponseDto> {
    const { tip } = await this.records.load(this.ds.manager, auth, tipId, 'content');
    return { callDown: await this.read(this.ds.manager, tip.id) };
  }

  async markUrgent(auth: AuthContext, tipId: string): Promise<CallDownResponseDto> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      if (tip.status !== 'new') throw AppException.conflict(ErrorCode.TIP_ALREADY_ACKNOWLEDGED, '这条举报已经受理，无需紧急呼叫');
      if (tip.isTest) throw AppException.conflict(ErrorCode.TIP_ALREADY_ACKNOWLEDGED, '测试举报不会紧急呼叫');
      await this.callDown.start(m, school, tip, 'marked', auth.userId, role);
      return { callDown: await this.read(m, tip.id) };
    });
  }

  private async read(m: EntityManager, tipId: string): Promise<CallDownStateDto | null> {
    const cd = await m.findOne(CallDownEntity, { where: { tipId } });
    if (!cd) return null;
    const steps = await m.find(CallDownStepEntity, { where: { callDownId: cd.id }, order: { tick: 'ASC', channel: 'ASC' } });
    return {
      tipId, status: cd.status, reason: cd.reason, startedAt: isoRequired(cd.startedAt), acknowledgedAt: iso(cd.acknowledgedAt),
      acknowledgedVia: cd.acknowledgedVia, telephony: !!cd.telephony,
      steps: steps.map((s) => ({ at: isoRequired(s.at), channel: s.channel, personLabel: s.personLabel, phoneMasked: s.phoneMasked, outcome: s.outcome })),
    };
  }
}
