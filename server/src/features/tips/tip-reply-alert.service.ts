import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { TipReplyAlerts } from './tip-reply-alerts';
import { TipReporterService } from './tip-reporter.service';
import type { ReplyAlertStateDto } from './tip-reply-alert.dto';

/**
 * The reporter's 学校回复时提醒我 switch, behind the follow-up token. Nothing here is audited or logged: an entry
 * would itself tie a person to the tip, which is what the switch's own table is kept apart to avoid.
 */
@Injectable()
export class TipReplyAlertService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reporter: TipReporterService,
    private readonly alerts: TipReplyAlerts,
  ) {}

  async state(token: string | undefined): Promise<ReplyAlertStateDto> {
    const tip = await this.reporter.tipForToken(token);
    return { on: await this.alerts.isOn(this.ds.manager, tip.id) };
  }

  async set(auth: AuthContext | undefined, token: string | undefined, on: boolean): Promise<ReplyAlertStateDto> {
    const tip = await this.reporter.tipForToken(token);
    if (on) {
      // The alert goes to a WeChat account: the one this session belongs to.
      if (!auth) throw AppException.unauthenticated('请先在微信中登录，再开启回复提醒');
      if (tip.status === 'closed') throw AppException.unprocessable(ErrorCode.UNPROCESSABLE, '此举报已结案，不再需要回复提醒');
    }
    await inTransaction(this.ds, (m) => (on ? this.alerts.turnOn(m, tip.id, auth!.userId) : this.alerts.forget(m, tip.id)));
    return { on };
  }
}
