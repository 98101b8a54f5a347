import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CLASS_SCOPED, Permission, ROLE_PERMISSIONS } from '@anxin/shared';
import type { AuthContext, RoleGrant } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { ClassEntity } from './class.entity';
import { SchoolEntity } from './school.entity';

/** How far a caller's right reaches at a school: all of it, or (a class-scoped role such as a teacher) these classes. */
export type ClassReach = { schoolWide: true } | { schoolWide: false; classIds: string[] };

/**
 * Object-level access: is this caller allowed to do `permission` on this school / class?
 * A caller with no tie to the school gets 404 (another tenant's records do not exist for them);
 * a caller of the same school whose role lacks the right gets 403.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectRepository(SchoolEntity) private readonly schools: Repository<SchoolEntity>,
    @InjectRepository(ClassEntity) private readonly classes: Repository<ClassEntity>,
  ) {}

  /** Roles that give the caller a tie to this school: a school role there, or district officer of its district. */
  rolesAtSchool(auth: AuthContext, school: Pick<SchoolEntity, 'id' | 'districtId'>): RoleGrant[] {
    return auth.roles.filter((r) => r.schoolId === school.id || (r.districtId !== null && r.districtId === school.districtId));
  }

  hasSchoolPermission(auth: AuthContext, school: Pick<SchoolEntity, 'id' | 'districtId'>, permission: Permission): boolean {
    return this.rolesAtSchool(auth, school).some((r) => ROLE_PERMISSIONS[r.role]?.includes(permission));
  }

  /** The school, or 404. */
  async school(schoolId: string): Promise<SchoolEntity> {
    const school = await this.schools.findOne({ where: { id: schoolId } });
    if (!school) throw AppException.notFound('学校');
    return school;
  }

  /**
   * The caller's reach at `school` for `permission`: 404 (naming `what`) without a tie to the school, 403 without the
   * right; school-wide when any role holding it holds it school-wide, else the caller's own classes.
   */
  reach(auth: AuthContext, school: Pick<SchoolEntity, 'id' | 'districtId'>, permission: Permission, what = '学校'): ClassReach {
    const roles = this.rolesAtSchool(auth, school);
    if (roles.length === 0) throw AppException.notFound(what);
    const holders = roles.filter((r) => ROLE_PERMISSIONS[r.role]?.includes(permission));
    if (!holders.length) throw AppException.forbidden();
    if (holders.some((r) => !CLASS_SCOPED[r.role]?.includes(permission))) return { schoolWide: true };
    return { schoolWide: false, classIds: auth.teacherClassIds };
  }

  /** Loads the school and checks `permission` there (school-wide: class-scoped roles do not count). */
  async requireSchool(auth: AuthContext, schoolId: string, permission: Permission): Promise<SchoolEntity> {
    const school = await this.schools.findOne({ where: { id: schoolId } });
    if (!school) throw AppException.notFound('学校');
    const roles = this.rolesAtSchool(auth, school);
    if (roles.length === 0) throw AppException.notFound('学校');
    const ok = roles.some((r) => ROLE_PERMISSIONS[r.role]?.includes(permission) && !CLASS_SCOPED[r.role]?.includes(permission));
    if (!ok) throw AppException.forbidden();
    return school;
  }

  /**
   * Loads the class and checks `permission` for it: school-wide holders pass; class-scoped holders
   * (teachers) pass only for classes they head or teach.
   */
  async requireClass(auth: AuthContext, classId: string, permission: Permission): Promise<{ cls: ClassEntity; school: SchoolEntity }> {
    const cls = await this.classes.findOne({ where: { id: classId } });
    if (!cls) throw AppException.notFound('班级');
    const school = await this.schools.findOneOrFail({ where: { id: cls.schoolId } });
    const roles = this.rolesAtSchool(auth, school);
    if (roles.length === 0) throw AppException.notFound('班级');
    const ok = roles.some((r) => {
      if (!ROLE_PERMISSIONS[r.role]?.includes(permission)) return false;
      if (CLASS_SCOPED[r.role]?.includes(permission)) return auth.teacherClassIds.includes(classId);
      return true;
    });
    if (!ok) throw AppException.forbidden();
    return { cls, school };
  }

  /**
   * Checks `permission` for a district: only district officers of that district pass. Anyone else gets 404
   * (districts other than one's own do not exist for the caller).
   */
  requireDistrict(auth: AuthContext, districtId: string, permission: Permission): void {
    const roles = auth.roles.filter((r) => r.districtId !== null && r.districtId === districtId);
    if (roles.length === 0) throw AppException.notFound('教育局');
    if (!roles.some((r) => ROLE_PERMISSIONS[r.role]?.includes(permission))) throw AppException.forbidden();
  }

  /** Which role the caller acts in at this school (for the audit log): the first, most powerful one. */
  actingRole(auth: AuthContext, school: Pick<SchoolEntity, 'id' | 'districtId'>): string | null {
    const order = ['admin', 'principal', 'contact', 'committee', 'teacher', 'district_officer'];
    const roles = this.rolesAtSchool(auth, school).map((r) => r.role as string);
    return order.find((o) => roles.includes(o)) ?? null;
  }
}
