import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import { InboxItemEntity } from '../inbox/inbox-item.entity';
import { AlertEntity } from '../outbox/alert.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { ScheduledActionEntity } from '../scheduler/scheduled-action.entity';
import { AccessTokenEntity } from '../wechat/access-token.entity';
import { SchoolKeyEntity } from '../crypto/school-key.entity';
import { RateCounterEntity } from '../tips/rate-counter.entity';
import { TipAttachmentChunkEntity } from '../tips/tip-attachment-chunk.entity';
import { TipAttachmentEntity } from '../tips/tip-attachment.entity';
import { TipEntity } from '../tips/tip.entity';
import { TipFollowupTokenEntity } from '../tips/tip-followup-token.entity';
import { TipMessageEntity } from '../tips/tip-message.entity';
import { TipReportEntity } from '../tips/tip-report.entity';
import { TipSubmissionEntity } from '../tips/tip-submission.entity';
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
import { StaffInviteEntity } from '../tenancy/staff-invite.entity';
import { StudentEntity } from '../tenancy/student.entity';
import { TeacherClassEntity } from '../tenancy/teacher-class.entity';

/** Every TypeORM entity. Add new ones here (one line each, grouped by module). */
export const ENTITIES = [
  // identity
  UserEntity, SessionEntity, ConsentEntity,
  // tenancy
  DistrictEntity, SchoolEntity, GradeEntity, ClassEntity, StudentEntity, RosterGuardianEntity, StaffRoleEntity,
  TeacherClassEntity, InviteCodeEntity, StaffInviteEntity,
  // bindings
  BindingEntity,
  // audit
  AuditEntryEntity, AuditHeadEntity,
  // delivery (outbox, inbox, scheduler, wechat)
  OutboxEntity, AlertEntity, InboxItemEntity, ScheduledActionEntity, AccessTokenEntity,
  // crypto and tips
  SchoolKeyEntity, TipEntity, TipMessageEntity, TipAttachmentEntity, TipAttachmentChunkEntity, TipReportEntity,
  TipSubmissionEntity, TipFollowupTokenEntity, RateCounterEntity,
];
