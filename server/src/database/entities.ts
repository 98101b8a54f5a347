import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import { AuditCheckpointEntity } from '../audit/audit-checkpoint.entity';
import { InboxItemEntity } from '../inbox/inbox-item.entity';
import { AlertEntity } from '../outbox/alert.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { ScheduledActionEntity } from '../scheduler/scheduled-action.entity';
import { AccessTokenEntity } from '../wechat/access-token.entity';
import { WorkerHeartbeatEntity } from '../worker/worker-heartbeat.entity';
import { SchoolKeyEntity } from '../crypto/school-key.entity';
import { RateCounterEntity } from '../tips/rate-counter.entity';
import { RateKeyEntity } from '../tips/rate-key.entity';
import { TipAttachmentChunkEntity } from '../tips/tip-attachment-chunk.entity';
import { TipAttachmentEntity } from '../tips/tip-attachment.entity';
import { TipEntity } from '../tips/tip.entity';
import { TipFollowupTokenEntity } from '../tips/tip-followup-token.entity';
import { TipMessageEntity } from '../tips/tip-message.entity';
import { TipReportEntity } from '../tips/tip-report.entity';
import { TipSubmissionEntity } from '../tips/tip-submission.entity';
import { BindingEntity } from '../bindings/binding.entity';
import { ConsentEntity } from '../identity/consent.entity';
import { SecurityEventEntity } from '../identity/security-event.entity';
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

import { SubscriptionCreditEntity } from '../subscriptions/subscription-credit.entity';
import { PushReceiptEntity } from '../subscriptions/push-receipt.entity';
import { TipReplyAlertEntity } from '../tips/tip-reply-alert.entity';
import { ShareEntity } from '../shares/share.entity';
import { ShareGroupEntity } from '../shares/share-group.entity';
import { ShareOpenEntity } from '../shares/share-open.entity';

/** Every TypeORM entity. Add new ones here (one line each, grouped by module). */
export const ENTITIES = [
  // identity
  UserEntity, SessionEntity, ConsentEntity, SecurityEventEntity,
  // tenancy
  DistrictEntity, SchoolEntity, GradeEntity, ClassEntity, StudentEntity, RosterGuardianEntity, StaffRoleEntity,
  TeacherClassEntity, InviteCodeEntity, StaffInviteEntity,
  // bindings
  BindingEntity,
  // audit
  AuditEntryEntity, AuditHeadEntity, AuditCheckpointEntity,
  // delivery (outbox, inbox, scheduler, wechat)
  OutboxEntity, AlertEntity, InboxItemEntity, ScheduledActionEntity, AccessTokenEntity, WorkerHeartbeatEntity,
  // crypto and tips
  SchoolKeyEntity, TipEntity, TipMessageEntity, TipAttachmentEntity, TipAttachmentChunkEntity, TipReportEntity,
  TipSubmissionEntity, TipFollowupTokenEntity, RateCounterEntity, RateKeyEntity,
  // subscription consent
  SubscriptionCreditEntity, PushReceiptEntity, TipReplyAlertEntity,
  // share cards
  ShareEntity, ShareGroupEntity, ShareOpenEntity,
];
