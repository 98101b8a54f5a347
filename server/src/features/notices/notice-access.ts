import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Permission } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { AccessService, type ClassReach } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { NoticeClassEntity } from './notice-class.entity';
import { NoticeEntity } from './notice.entity';

/** What a staff member may see of a school's notices: all of them, or those reaching the classes they teach. */
export type StaffReach = ClassReach;

/** A notice as one staff member may see it. */
export interface StaffNotice {
  notice: NoticeEntity;
  school: SchoolEntity;
  reach: StaffReach;
  /** The classes the notice reaches. */
  classIds: string[];
  /** Of those, the ones the caller may see (all of them for a school-wide role). */
  visibleClassIds: string[];
  /** May edit (while a draft), publish and recall it. */
  canManage: boolean;
}

/**
 * The one owner of who may do what with a notice (every notice service asks here):
 * - principals and school admins: every notice of their school;
 * - a teacher: notices reaching at least one of their classes, seeing only those classes' receipts; drafts and
 *   scheduled notices only if they wrote them; they may manage (edit, publish, recall, and remind their classes) only a
 *   notice addressed to their own classes alone;
 * - anyone without a tie to the school: 404; a tie without the right: 403.
 */
@Injectable()
export class NoticeAccess {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly access: AccessService) {}

  school(schoolId: string): Promise<SchoolEntity> {
    return this.access.school(schoolId);
  }

  /** The caller's reach at `school` for `permission` (AccessService.reach: 404 without a tie, 403 without the right). */
  reach(auth: AuthContext, school: SchoolEntity, permission: Permission, what = '学校'): StaffReach {
    return this.access.reach(auth, school, permission, what);
  }

  /** A teacher addresses only their own classes (a list of classes, every one theirs). */
  requireAudienceAllowed(reach: StaffReach, scope: string, classIds: string[]): void {
    if (reach.schoolWide) return;
    if (scope !== 'classes' || classIds.some((c) => !reach.classIds.includes(c))) {
      throw AppException.forbidden('班主任只能向自己任教的班级发布通知');
    }
  }

  /** Loads a notice for a staff route needing `permission`; for NOTICE_MANAGE the caller must be allowed to manage it. */
  async notice(auth: AuthContext, noticeId: string, permission: Permission, m: EntityManager = this.ds.manager): Promise<StaffNotice> {
    const notice = await m.findOne(NoticeEntity, { where: { id: noticeId } });
    if (!notice) throw AppException.notFound('通知');
    // The school and the notice's classes read side by side; the classes as ids only (a school-wide notice of a large
    // school has a thousand rows): no entities to build.
    const [school, classRows] = await Promise.all([
      m.findOneOrFail(SchoolEntity, { where: { id: notice.schoolId } }),
      m.query(`SELECT class_id FROM ${m.connection.getMetadata(NoticeClassEntity).tableName} WHERE notice_id = ?`, [noticeId]) as Promise<{ class_id: string }[]>,
    ]);
    const reach = this.reach(auth, school, permission, '通知');
    const classIds = classRows.map((c) => c.class_id);
    const visibleClassIds = reach.schoolWide ? classIds : classIds.filter((c) => reach.classIds.includes(c));
    const unpublished = notice.status === 'draft' || notice.status === 'scheduled';
    if (!reach.schoolWide && (!visibleClassIds.length || (unpublished && notice.createdBy !== auth.userId))) throw AppException.forbidden();
    const canManage = this.mayManage(auth, school, notice, classIds);
    if (permission === Permission.NOTICE_MANAGE && !canManage) throw AppException.forbidden('只能管理发给自己班级的通知');
    return { notice, school, reach, classIds, visibleClassIds, canManage };
  }

  /** A class of the notice the caller may see (404 when the notice does not reach it, 403 when it is not theirs). */
  requireClass(view: StaffNotice, classId: string): void {
    if (!view.classIds.includes(classId)) throw AppException.notFound('班级');
    if (!view.visibleClassIds.includes(classId)) throw AppException.forbidden('只能查看自己班级的情况');
  }

  private mayManage(auth: AuthContext, school: SchoolEntity, notice: NoticeEntity, classIds: string[]): boolean {
    let reach: StaffReach;
    try {
      reach = this.reach(auth, school, Permission.NOTICE_MANAGE);
    } catch {
      return false;
    }
    if (reach.schoolWide) return true;
    const unpublished = notice.status === 'draft' || notice.status === 'scheduled';
    return notice.audienceScope === 'classes' && classIds.length > 0 && classIds.every((c) => reach.classIds.includes(c))
      && (!unpublished || notice.createdBy === auth.userId);
  }
}
