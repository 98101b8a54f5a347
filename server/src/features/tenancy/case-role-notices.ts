import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { DistrictRole } from '@anxin/shared';
import { OutboxService } from '../../platform/outbox/outbox.service';
import type { SchoolEntity } from './school.entity';
import { StaffRoleEntity } from './staff-role.entity';

export const CASE_ROLE_TEMPLATE = 'staff.case_role';

/**
 * Giving someone a role that reads tip content is never silent: the district officers of the school's district
 * hear of every new designated contact and committee member, and a replaced contact hears that their access has
 * ended. Written to the outbox with the caller's manager, in the transaction of the grant.
 */
@Injectable()
export class CaseRoleNotices {
  constructor(private readonly outbox: OutboxService) {}

  async contactChanged(m: EntityManager, school: SchoolEntity, next: { userId: string; name: string }, previousUserIds: string[]): Promise<void> {
    const event = randomUUID();
    await this.toOfficers(m, school, event, '欺凌防治负责人变更', `${school.name}：${next.name}`);
    for (const userId of new Set(previousUserIds)) {
      if (userId === next.userId) continue;
      await this.outbox.enqueue(m, {
        dedupeKey: `${CASE_ROLE_TEMPLATE}:${event}:${userId}`, channel: 'wechat_subscribe', schoolId: school.id, recipientUserId: userId,
        template: CASE_ROLE_TEMPLATE, title: '你已不再担任欺凌防治负责人', body: `${school.name}已指定新的负责人`, fallback: { kind: 'inbox_only' },
      });
    }
  }

  async committeeGranted(m: EntityManager, school: SchoolEntity, member: { userId: string; name: string }): Promise<void> {
    await this.toOfficers(m, school, randomUUID(), '欺凌处置委员会新增成员', `${school.name}：${member.name}`);
  }

  private async toOfficers(m: EntityManager, school: SchoolEntity, event: string, title: string, body: string): Promise<void> {
    const rows = await m.find(StaffRoleEntity, { where: { districtId: school.districtId, role: DistrictRole.OFFICER, schoolId: IsNull() } });
    for (const userId of new Set(rows.map((r) => r.userId))) {
      await this.outbox.enqueue(m, {
        dedupeKey: `${CASE_ROLE_TEMPLATE}:${event}:${userId}`, channel: 'wechat_subscribe', schoolId: school.id, recipientUserId: userId,
        template: CASE_ROLE_TEMPLATE, title, body, fallback: { kind: 'inbox_only' },
      });
    }
  }
}
