import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import { BindingEntity } from '../bindings/binding.entity';
import { ConsentEntity } from '../identity/consent.entity';
import { SessionEntity } from '../identity/session.entity';
import { UserEntity } from '../identity/user.entity';
import { ClassEntity } from '../tenancy/class.entity';
import { DistrictEntity } from '../tenancy/district.entity';
import { GradeEntity } from '../tenancy/grade.entity';
import { InviteCodeEntity } from '../tenancy/invite-code.entity';
import { RosterGuardianEntity } from '../tenancy/roster-guardian.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';

/** Every TypeORM entity. Add new ones here (one line each, grouped by module). */
export const ENTITIES = [
  // identity
  UserEntity, SessionEntity, ConsentEntity,
  // tenancy
  DistrictEntity, SchoolEntity, GradeEntity, ClassEntity, StudentEntity, RosterGuardianEntity, StaffRoleEntity,
  TeacherClassEntity, InviteCodeEntity,
  // bindings
  BindingEntity,
  // audit
  AuditEntryEntity, AuditHeadEntity,
];
