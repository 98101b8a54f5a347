import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, Permission } from '@anxin/shared';
import type { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { inTransaction } from '../database/transaction';
import { UserEntity } from '../../features/identity/user.entity';
import { AccessService } from '../../features/tenancy/access.service';
import { ContactReachAlerts } from '../outbox/contact-reach-alerts';
import { DemoWechatConsent } from './demo-wechat-consent';
import { SubscriptionCredits } from './subscription-credits.service';
import type { SchoolReachDto, SubscriptionReportDto, SubscriptionStateDto, SubscriptionTemplateDto } from './subscriptions.dto';

/** The HTTP side of subscription consent: the catalogue, the app's reports, the user's state, a school's reach. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly credits: SubscriptionCredits,
    private readonly access: AccessService,
    private readonly contactReach: ContactReachAlerts,
    private readonly demoConsent: DemoWechatConsent,
  ) {}

  templates(): SubscriptionTemplateDto[] {
    return this.credits.catalogue().map((e) => ({ kind: e.kind, templateId: e.templateId, mode: e.mode, audiences: e.audiences, description: e.description }));
  }

  async report(auth: AuthContext, dto: SubscriptionReportDto): Promise<SubscriptionStateDto[]> {
    const unknown = dto.results.filter((r) => this.credits.modeOfTemplate(r.templateId) === null).map((r) => r.templateId);
    if (unknown.length) throw AppException.badRequest(ErrorCode.SUBSCRIPTION_TEMPLATE_UNKNOWN, '订阅消息模板不存在', { templateIds: unknown });
    if (auth.isDemo) {
      const user = await this.ds.getRepository(UserEntity).findOne({ where: { id: auth.userId }, select: { id: true, openid: true, isDemo: true } });
      if (user) await this.demoConsent.relay(user, dto.results);
    }
    return inTransaction(this.ds, async (m) => {
      // The app's report is what grants one-time credits: WeChat's popup push for the same dialog only confirms it.
      for (const r of dto.results) await this.credits.apply(m, auth.userId, r.templateId, { type: 'result', result: r.result, grantOneTime: true });
      // A designated contact who turned tip alerts on (or off) changes whether the school's tip box can reach them.
      await this.contactReach.checkContact(m, auth.userId);
      return this.credits.states(m, auth.userId);
    });
  }

  mine(auth: AuthContext): Promise<SubscriptionStateDto[]> {
    return this.credits.states(this.ds.manager, auth.userId);
  }

  async reach(auth: AuthContext, schoolId: string): Promise<SchoolReachDto> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return this.credits.reach(this.ds.manager, schoolId);
  }
}
