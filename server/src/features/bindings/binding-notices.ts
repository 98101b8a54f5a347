import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RELATION_LABELS, SchoolRole } from '@anxin/shared';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { ClassEntity } from '../tenancy/class.entity';
import { classDisplayName } from '../tenancy/class-names';
import { GradeEntity } from '../tenancy/grade.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';
import type { BindingEntity } from './binding.entity';

/** The staff page where class teachers decide binding requests, and the guardian's home (their children). */
export const APPROVALS_PAGE = 'subpackages/staff/approvals/index';
export const GUARDIAN_HOME_PAGE = 'pages/index/index';

/**
 * Who hears of a binding, written with the transaction that changes it (outbox + in-app inbox; nothing is sent from
 * inside the request):
 * - a request waiting for a decision → the class's teachers who still hold the teacher role there, else the school's
 *   admins (who may decide every class). In-app only: no WeChat template is asked of teachers for this;
 * - a request approved at once because the phone matched the roster → the same people, for their information;
 * - a teacher's decision → the guardian, by WeChat (`binding.decided`, which guardians allow) and in 消息, with the
 *   reason when rejected;
 * - a guardian's withdrawal of consent for the child's data (我的数据) → the same people as a request, in-app only.
 */
@Injectable()
export class BindingNotices {
  constructor(private readonly outbox: OutboxService) {}

  /** After a request (`binding` as saved: pending, or approved when the roster phone matched). */
  async requested(m: EntityManager, binding: BindingEntity): Promise<void> {
    const cls = await m.findOne(ClassEntity, { where: { id: binding.classId } });
    const grade = cls ? await m.findOne(GradeEntity, { where: { id: cls.gradeId } }) : null;
    const who = `${await this.studentName(m, binding)}（${cls ? classDisplayName(grade?.name, cls.name) : ''}）的${RELATION_LABELS[binding.relation]}`;
    const auto = binding.status === 'approved';
    for (const userId of await this.deciders(m, binding)) {
      await this.outbox.enqueue(m, {
        dedupeKey: `binding.${auto ? 'auto_approved' : 'requested'}:${binding.id}:${new Date(binding.createdAt).getTime()}:${userId}`,
        channel: 'inbox_only', schoolId: binding.schoolId, recipientUserId: userId, template: 'binding.requested',
        title: auto ? '家长已自动绑定' : '新的绑定申请',
        body: auto ? `${who}手机号与花名册一致，已自动绑定` : `${who}申请绑定，请核对后审核`,
        page: APPROVALS_PAGE,
      });
    }
  }

  /** After a teacher's decision on `binding` (as it was before the decision). */
  async decided(m: EntityManager, binding: BindingEntity, status: 'approved' | 'rejected', reason: string | null, decidedAt: Date): Promise<void> {
    const studentName = await this.studentName(m, binding);
    await this.outbox.enqueue(m, {
      dedupeKey: `binding.decided:${binding.id}:${decidedAt.getTime()}`,
      channel: 'wechat_subscribe', schoolId: binding.schoolId, recipientUserId: binding.guardianUserId, template: 'binding.decided',
      title: `${studentName}的绑定申请`.slice(0, 20),
      body: status === 'approved' ? `班主任已同意，您已绑定${studentName}` : `班主任未同意您的绑定申请${reason ? `：${reason}` : ''}`,
      data: { result: status === 'approved' ? '已通过' : '未通过' },
      page: GUARDIAN_HOME_PAGE,
      fallback: { kind: 'inbox_only' },
    });
  }

  /** After a guardian withdrew consent for the child's data (`binding` as it was before: approved or pending). */
  async consentWithdrawn(m: EntityManager, binding: BindingEntity, at: Date): Promise<void> {
    const cls = await m.findOne(ClassEntity, { where: { id: binding.classId } });
    const grade = cls ? await m.findOne(GradeEntity, { where: { id: cls.gradeId } }) : null;
    const who = `${await this.studentName(m, binding)}（${cls ? classDisplayName(grade?.name, cls.name) : ''}）的${RELATION_LABELS[binding.relation]}`;
    for (const userId of await this.deciders(m, binding)) {
      await this.outbox.enqueue(m, {
        dedupeKey: `binding.consent_withdrawn:${binding.id}:${at.getTime()}:${userId}`,
        channel: 'inbox_only', schoolId: binding.schoolId, recipientUserId: userId, template: 'binding.consent_withdrawn',
        title: '家长撤回了同意',
        body: `${who}撤回了对处理孩子信息的同意：不再向这位家长发送与这个孩子有关的通知，也不再请其确认或签署；家长重新同意后需要您再次审核`,
        page: APPROVALS_PAGE,
      });
    }
  }

  private async studentName(m: EntityManager, binding: BindingEntity): Promise<string> {
    return (await m.findOne(StudentEntity, { where: { id: binding.studentId }, select: { id: true, name: true } }))?.name ?? '孩子';
  }

  /** The class's teachers (by their current teacher role), else the school's admins. */
  private async deciders(m: EntityManager, binding: BindingEntity): Promise<string[]> {
    const taught = await m.find(TeacherClassEntity, { where: { classId: binding.classId }, select: { userId: true } });
    const teachers = taught.length
      ? await m.find(StaffRoleEntity, { where: { schoolId: binding.schoolId, role: SchoolRole.TEACHER, userId: In(taught.map((t) => t.userId)) } })
      : [];
    const ids = teachers.length ? teachers : await m.find(StaffRoleEntity, { where: { schoolId: binding.schoolId, role: SchoolRole.ADMIN } });
    return [...new Set(ids.map((r) => r.userId))].sort();
  }
}
