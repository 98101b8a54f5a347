import type { EntityManager } from 'typeorm';
import type { AuditService } from '../../platform/audit/audit.service';
import type { ContactSchool } from '../tenancy/designated-contact';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { holdsCaseRole } from './tip-access.policy';
import { TipEntity } from './tip.entity';

/**
 * After a role of `userId` was taken away (committee membership revoked, replaced as contact): if they no longer
 * hold a case role, their open cases are handed back to the designated contact (assignee cleared), so reminders
 * stop going to someone who can no longer open the case. Their access already ended with the role (tipAccess reads
 * the current roles); this keeps the case list honest. Runs in the caller's transaction; each release is audited.
 */
export async function releaseCasesOf(
  m: EntityManager, audit: AuditService, school: ContactSchool,
  userId: string, actor: { actorUserId: string | null; actorRole: string | null },
): Promise<number> {
  const roles = await m.find(StaffRoleEntity, { where: { userId, schoolId: school.id } });
  if (holdsCaseRole(userId, roles, school)) return 0;
  const tips = await m.createQueryBuilder(TipEntity, 't').select(['t.id'])
    .where('t.school_id = :schoolId AND t.assignee_user_id = :userId AND t.status <> :closed', { schoolId: school.id, userId, closed: 'closed' })
    .getMany();
  for (const tip of tips) {
    await m.createQueryBuilder().update(TipEntity).set({ assigneeUserId: null, version: () => 'version + 1' })
      .where('id = :id AND assignee_user_id = :userId', { id: tip.id, userId }).execute();
    await audit.append(m, {
      schoolId: school.id, ...actor, action: 'tip.assigned', targetType: 'tip', targetId: tip.id,
      details: { from: userId, to: null, reason: 'case_role_ended' },
    });
  }
  return tips.length;
}
