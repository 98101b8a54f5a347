import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ErrorCode, isOverdue, type StaffRef, type TipListItem } from '@anxin/shared';
import type { AuthContext, RoleGrant } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { iso, isoRequired } from '../../platform/database/dates';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { tipAccess, type TipAccess } from './tip-access.policy';
import { TipEntity } from './tip.entity';

/** A tip loaded for a staff caller, with what the access rule lets them do and the role they act in (for the audit). */
export interface LoadedTip {
  tip: TipEntity;
  school: SchoolEntity;
  access: TipAccess;
  role: string | null;
}

/** The encryption context of a tip's field (its row and field: a ciphertext copied elsewhere does not decrypt). */
export const tipAad = (tipId: string, field: string) => `tip:${tipId}:${field}`;

export function staleConflict(): AppException {
  return AppException.conflict(ErrorCode.TIP_VERSION_CONFLICT, '这条举报刚刚被其他老师修改过，请刷新后再操作');
}

/** The columns a list row needs (no content). */
export const TIP_LIST_COLUMNS = {
  id: true, schoolId: true, category: true, status: true, source: true, inDanger: true, ongoing: true, contentFlag: true,
  severity: true, labels: true, assigneeUserId: true, filedByUserId: true, escalationLevel: true, submittedAt: true, ackDueAt: true,
  acknowledgedAt: true, investigationDueAt: true, overdueAt: true, decision: true, decidedAt: true, closedAt: true, version: true, isTest: true,
} as const;

/**
 * How the staff routes find a tip or a school and decide what the caller may do there: another school's record is
 * 404, a tip of the caller's school they may not open is 403 (tip-access.policy.ts decides).
 */
@Injectable()
export class TipRecords {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
  ) {}

  async load(m: EntityManager, auth: AuthContext, tipId: string, need: 'content' | 'handle'): Promise<LoadedTip> {
    const tip = await m.findOne(TipEntity, { where: { id: tipId } });
    if (!tip) throw AppException.notFound('举报');
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: tip.schoolId } });
    const roles = this.access.rolesAtSchool(auth, school);
    if (!roles.length) throw AppException.notFound('举报');
    const access = tipAccess(auth.userId, roles, tip, school);
    if (!access[need]) throw AppException.forbidden(need === 'content' ? '只有欺凌防治负责人和经办人可以查看举报内容' : '你不是这条举报的经办人');
    return { tip, school, access, role: this.access.actingRole(auth, school) };
  }

  /** The school and the caller's roles there; 404 when the caller has no tie to it. */
  async school(auth: AuthContext, schoolId: string): Promise<{ school: SchoolEntity; roles: RoleGrant[] }> {
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: schoolId } });
    if (!school) throw AppException.notFound('学校');
    const roles = this.access.rolesAtSchool(auth, school);
    if (!roles.length) throw AppException.notFound('学校');
    return { school, roles };
  }

  async names(ids: (string | null)[], m: EntityManager = this.ds.manager): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (!unique.length) return new Map();
    const users = await m.find(UserEntity, { where: { id: In(unique) }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}

export function staffRef(id: string | null, names: Map<string, string>): StaffRef | null {
  return id ? { userId: id, name: names.get(id) ?? '' } : null;
}

export function mapListItem(t: TipEntity, names: Map<string, string>, now: Date): TipListItem {
  return {
    id: t.id, schoolId: t.schoolId, category: t.category, status: t.status, source: t.source,
    urgent: t.inDanger || t.ongoing, inDanger: t.inDanger, ongoing: t.ongoing, contentFlag: t.contentFlag,
    severity: t.severity, labels: t.labels ?? [], escalationLevel: t.escalationLevel, assignee: staffRef(t.assigneeUserId, names),
    submittedAt: isoRequired(t.submittedAt), ackDueAt: isoRequired(t.ackDueAt), acknowledgedAt: iso(t.acknowledgedAt),
    investigationDueAt: iso(t.investigationDueAt), overdue: isOverdue(t, now), closedAt: iso(t.closedAt), version: t.version,
    isTest: t.isTest,
  };
}
