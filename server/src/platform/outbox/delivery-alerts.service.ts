import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Permission } from '@anxin/shared';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { inTransaction } from '../database/transaction';
import { iso, isoRequired } from '../database/dates';
import { AccessService } from '../../features/tenancy/access.service';
import { AlertEntity } from './alert.entity';
import { DeliveryAlertDto, DeliveryAlertPageDto, DeliveryTestDto } from './delivery-alerts.dto';
import { OutboxService } from './outbox.service';

@Injectable()
export class DeliveryAlertsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async sendTest(auth: AuthContext, schoolId: string): Promise<DeliveryTestDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const now = this.clock.now();
    const dedupeKey = `delivery-test:${auth.userId}:${now.getTime()}`;
    await inTransaction(this.ds, (m) => this.outbox.enqueue(m, {
      dedupeKey, channel: 'wechat_subscribe', schoolId, recipientUserId: auth.userId, template: 'test.message',
      title: '消息送达测试', body: `这是来自${school.name}的测试消息，收到即表示消息通道正常。`, page: 'pages/inbox/index',
      fallback: { kind: 'inbox_only' },
    }));
    return { dedupeKey };
  }

  async list(auth: AuthContext, schoolId: string, q: { limit?: number }): Promise<DeliveryAlertPageDto> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const [rows, total] = await this.ds.getRepository(AlertEntity).findAndCount({
      where: { schoolId }, order: { createdAt: 'DESC' }, take: q.limit ?? 50,
    });
    return { items: rows.map(mapAlert), total };
  }
}

export function mapAlert(a: AlertEntity): DeliveryAlertDto {
  return {
    id: a.id, kind: a.kind, title: a.title, body: a.body, subjectType: a.subjectType, subjectId: a.subjectId,
    createdAt: isoRequired(a.createdAt), resolvedAt: iso(a.resolvedAt),
  };
}
