import { Injectable } from '@nestjs/common';
import { Permission, ROLE_PERMISSIONS, SchoolRole, type LedgerDuty } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { AccessService } from '../tenancy/access.service';
import type { SchoolEntity } from '../tenancy/school.entity';
import type { LedgerActivityEntity } from './ledger-activity.entity';

/**
 * What a caller may record at a school. Every holder of ledger.record but a teacher (admin, principal, designated
 * contact) records any duty for anyone; a teacher only a class duty (每班每学期) for the classes they head or teach,
 * and a training (教师三年内) for themself. The same rule decides who may edit an activity and add its files: an
 * all-duties recorder any activity of the school; a teacher the activities they may record and recorded themselves.
 */
export interface RecorderScope {
  all: boolean;
  classIds: string[];
  userId: string;
}

@Injectable()
export class LedgerAccess {
  constructor(private readonly access: AccessService) {}

  /** The school for a reader (404 without a tie to it, 403 without ledger.read). */
  async readable(auth: AuthContext, schoolId: string): Promise<SchoolEntity> {
    const school = await this.access.school(schoolId);
    this.access.reach(auth, school, Permission.LEDGER_READ);
    return school;
  }

  /** The caller's recording scope at `school` (404 without a tie, 403 without ledger.record). */
  recorder(auth: AuthContext, school: SchoolEntity): RecorderScope {
    this.access.reach(auth, school, Permission.LEDGER_RECORD);
    const holders = this.access.rolesAtSchool(auth, school).filter((r) => ROLE_PERMISSIONS[r.role]?.includes(Permission.LEDGER_RECORD));
    const all = holders.some((r) => r.role !== SchoolRole.TEACHER);
    return { all, classIds: all ? [] : auth.teacherClassIds, userId: auth.userId };
  }

  /** The caller holds ledger.record there (no throw). */
  mayRecord(auth: AuthContext, school: SchoolEntity): RecorderScope | null {
    return this.access.hasSchoolPermission(auth, school, Permission.LEDGER_RECORD) ? this.recorder(auth, school) : null;
  }

  /** Refuses (403) an activity a teacher may not record: another duty, another class, another teacher's training. */
  checkRecord(scope: RecorderScope, duty: LedgerDuty, classIds: string[], teacherUserId: string | null): void {
    if (scope.all) return;
    if (duty.frequency === 'class_semester') {
      if (!classIds.length || classIds.some((id) => !scope.classIds.includes(id))) throw AppException.forbidden('只能记录自己班级的班会');
      return;
    }
    if (duty.frequency === 'teacher_3y') {
      if (teacherUserId !== scope.userId) throw AppException.forbidden('只能记录自己的培训');
      return;
    }
    throw AppException.forbidden('这项工作由学校管理员、校长或欺凌防治负责人记录');
  }

  mayEdit(scope: RecorderScope | null, a: LedgerActivityEntity): boolean {
    if (!scope) return false;
    if (scope.all) return true;
    if (a.createdBy !== scope.userId) return false;
    return a.teacherUserId === scope.userId || (a.classIds.length > 0 && a.classIds.every((id) => scope.classIds.includes(id)));
  }
}
