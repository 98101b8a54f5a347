import { TipFloodEntity } from '../../features/tips/triage/tip-flood.entity';
import { TipTriageEntity } from '../../features/tips/triage/tip-triage.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import { AuditCheckpointEntity } from '../audit/audit-checkpoint.entity';
import { SealLeafEntity } from '../audit/seal/seal-leaf.entity';
import { SealBatchEntity } from '../audit/seal/seal-batch.entity';
import { InboxItemEntity } from '../inbox/inbox-item.entity';
import { AlertEntity } from '../outbox/alert.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import { ScheduledActionEntity } from '../scheduler/scheduled-action.entity';
import { AccessTokenEntity } from '../wechat/access-token.entity';
import { WorkerHeartbeatEntity } from '../worker/worker-heartbeat.entity';
import { PeriodicJobEntity } from '../worker/periodic-job.entity';
import { SchoolKeyEntity } from '../crypto/school-key.entity';
import { TipKeyEntity } from '../crypto/tip-key.entity';
import { RetentionRulesEntity } from '../../features/retention/retention-rules.entity';
import { RetentionHoldEntity } from '../../features/retention/retention-hold.entity';
import { TipErasureEntity } from '../../features/retention/tip-erasure.entity';
import { RetentionReceiptSweepEntity } from '../../features/retention/retention-receipt-sweep.entity';
import { RateCounterEntity } from '../../features/tips/rate-counter.entity';
import { TipContentCheckFailureEntity } from '../../features/tips/tip-content-check-failure.entity';
import { RateKeyEntity } from '../../features/tips/rate-key.entity';
import { TipAttachmentChunkEntity } from '../../features/tips/tip-attachment-chunk.entity';
import { TipAttachmentEntity } from '../../features/tips/tip-attachment.entity';
import { TipEntity } from '../../features/tips/tip.entity';
import { TipFollowupTokenEntity } from '../../features/tips/tip-followup-token.entity';
import { TipMessageEntity } from '../../features/tips/tip-message.entity';
import { TipReportEntity } from '../../features/tips/tip-report.entity';
import { TipSubmissionEntity } from '../../features/tips/tip-submission.entity';
import { BindingEntity } from '../../features/bindings/binding.entity';
import { ConsentEntity } from '../../features/identity/consent.entity';
import { SecurityEventEntity } from '../../features/identity/security-event.entity';
import { SessionEntity } from '../../features/identity/session.entity';
import { UserEntity } from '../../features/identity/user.entity';
import { ClassEntity } from '../../features/tenancy/class.entity';
import { DistrictEntity } from '../../features/tenancy/district.entity';
import { GradeEntity } from '../../features/tenancy/grade.entity';
import { InviteCodeEntity } from '../../features/tenancy/invite-code.entity';
import { RosterGuardianEntity } from '../../features/tenancy/roster-guardian.entity';
import { SchoolEntity } from '../../features/tenancy/school.entity';
import { StaffRoleEntity } from '../../features/tenancy/staff-role.entity';
import { StaffInviteEntity } from '../../features/tenancy/staff-invite.entity';
import { AttemptCounterEntity } from '../../features/tenancy/attempt-limiter.entity';
import { StudentEntity } from '../../features/tenancy/student.entity';
import { TeacherClassEntity } from '../../features/tenancy/teacher-class.entity';

import { SubscriptionCreditEntity } from '../subscriptions/subscription-credit.entity';
import { PushReceiptEntity } from '../subscriptions/push-receipt.entity';
import { TipReplyAlertEntity } from '../../features/tips/tip-reply-alert.entity';
import { TipReopeningEntity } from '../../features/tips/tip-reopening.entity';
import { ShareEntity } from '../../features/shares/share.entity';
import { ShareGroupEntity } from '../../features/shares/share-group.entity';
import { ShareOpenEntity } from '../../features/shares/share-open.entity';
import { OnboardingInviteEntity } from '../../features/onboarding/onboarding-invite.entity';
import { SchoolSetupMarkEntity } from '../../features/onboarding/school-setup-mark.entity';
import { WecomRobotEntity } from '../robots/wecom-robot.entity';
import { WecomRobotSendEntity } from '../robots/wecom-robot-send.entity';
import { WecomRobotSettingsEntity } from '../robots/wecom-robot-settings.entity';
import { NoticeEntity } from '../../features/notices/notice.entity';
import { NoticeClassEntity } from '../../features/notices/notice-class.entity';
import { NoticeReceiptEntity } from '../../features/notices/notice-receipt.entity';
import { NoticeReceiptStudentEntity } from '../../features/notices/notice-receipt-student.entity';
import { NoticeSignatureEntity } from '../../features/notices/notice-signature.entity';
import { NoticeReminderEntity } from '../../features/notices/notice-reminder.entity';
import { NoticeAttachmentEntity } from '../../features/notices/notice-attachment.entity';
import { NoticeAttachmentChunkEntity } from '../../features/notices/notice-attachment-chunk.entity';
import { NoticeClassCountEntity } from '../../features/notices/notice-class-count.entity';
import { PledgeEntity } from '../../features/pledges/pledge.entity';
import { PledgeVersionEntity } from '../../features/pledges/pledge-version.entity';
import { PledgeSignatureEntity } from '../../features/pledges/pledge-signature.entity';
import { PledgeSignatureImageEntity } from '../../features/pledges/pledge-signature-image.entity';
import { PledgeReminderEntity } from '../../features/pledges/pledge-reminder.entity';
import { PledgeSendEntity } from '../../features/pledges/pledge-send.entity';
import { QrLoginEntity } from '../../features/browser-login/qr-login.entity';
import { SemesterCalendarEntity } from '../../features/calendar/semester-calendar.entity';
import { NoticeTallyEntity } from '../../features/oversight/notice-tally.entity';
import { SupervisionFlagAckEntity } from '../../features/oversight/supervision-flag-ack.entity';
import { DistrictDashboardSnapshotEntity } from '../../features/oversight/district-dashboard-snapshot.entity';
import { SemesterReportEntity } from '../../features/reports/semester-report.entity';
import { SurveyAnswerEntity } from '../../features/surveys/survey-answer.entity';
import { SurveyCodeEntity } from '../../features/surveys/survey-code.entity';
import { SurveyFindingEntity } from '../../features/surveys/survey-finding.entity';
import { SurveyParentAnswerEntity, SurveyParentTokenEntity } from '../../features/surveys/survey-parent.entity';
import { SurveyEntity } from '../../features/surveys/survey.entity';
import { ChildDataOfficerEntity } from '../../features/privacy/child-data-officer.entity';
import { TipNoteEntity } from '../../features/tips/notes/tip-note.entity';
import { TipProgressEntity } from '../../features/tips/notes/tip-progress.entity';
import { TipRedactionEntity } from '../../features/tips/redaction/tip-redaction.entity';
import { TelephonyCallEntity } from '../telephony/telephony-call.entity';
import { DistrictDutyPhoneEntity, DutyShiftEntity, UrgentContactEntity, UrgentSettingsEntity } from '../../features/tips/urgent/urgent-settings.entity';
import { CallDownEntity, CallDownStepEntity } from '../../features/tips/urgent/call-down.entity';
import { LedgerDutyEntity } from '../../features/ledger/ledger-duty.entity';
import { LedgerActivityEntity } from '../../features/ledger/ledger-activity.entity';
import { LedgerFileEntity } from '../../features/ledger/ledger-file.entity';
import { LedgerReminderEntity } from '../../features/ledger/ledger-reminder.entity';
import { LedgerExportEntity } from '../../features/ledger/ledger-export.entity';

/** Every TypeORM entity. Add new ones here (one line each, grouped by module). */
export const ENTITIES = [
  // identity
  UserEntity, SessionEntity, ConsentEntity, SecurityEventEntity,
  // tenancy
  DistrictEntity, SchoolEntity, GradeEntity, ClassEntity, StudentEntity, RosterGuardianEntity, StaffRoleEntity,
  TeacherClassEntity, InviteCodeEntity, StaffInviteEntity, AttemptCounterEntity,
  // bindings
  BindingEntity,
  // audit
  AuditEntryEntity, AuditHeadEntity, AuditCheckpointEntity, SealLeafEntity, SealBatchEntity,
  // delivery (outbox, inbox, scheduler, wechat)
  OutboxEntity, AlertEntity, InboxItemEntity, ScheduledActionEntity, AccessTokenEntity, WorkerHeartbeatEntity, PeriodicJobEntity,
  // crypto and tips
  SchoolKeyEntity, TipEntity, TipMessageEntity, TipAttachmentEntity, TipAttachmentChunkEntity, TipReportEntity,
  TipSubmissionEntity, TipFollowupTokenEntity, RateCounterEntity, RateKeyEntity, TipContentCheckFailureEntity,
  // subscription consent
  SubscriptionCreditEntity, PushReceiptEntity, TipReplyAlertEntity, TipReopeningEntity,
  // share cards
  ShareEntity, ShareGroupEntity, ShareOpenEntity,
  // WeCom group robots
  WecomRobotEntity, WecomRobotSendEntity, WecomRobotSettingsEntity,
  // onboarding
  OnboardingInviteEntity, SchoolSetupMarkEntity,
  // letters home, notices and warnings
  NoticeEntity, NoticeClassEntity, NoticeReceiptEntity, NoticeReceiptStudentEntity, NoticeSignatureEntity, NoticeReminderEntity,
  NoticeAttachmentEntity, NoticeAttachmentChunkEntity, NoticeClassCountEntity,
  // the annual anti-bullying pledge
  PledgeEntity, PledgeVersionEntity, PledgeSignatureEntity, PledgeSignatureImageEntity, PledgeReminderEntity, PledgeSendEntity,
  // signing in on a browser by scanning a code
  QrLoginEntity,
  // oversight: the district calendar, supervision flag acknowledgements, notice receipt tallies
  SemesterCalendarEntity, SupervisionFlagAckEntity, NoticeTallyEntity, DistrictDashboardSnapshotEntity,
  // semester reports (the files, until they expire)
  SemesterReportEntity,
  // tip internal notes, internal progress and redaction
  TipNoteEntity, TipProgressEntity, TipRedactionEntity,
  // urgent call-down: SMS and calls made, a school's urgent list and duty roster, the district duty phone, call-downs
  TelephonyCallEntity, UrgentSettingsEntity, UrgentContactEntity, DutyShiftEntity, DistrictDutyPhoneEntity, CallDownEntity, CallDownStepEntity,
  // tip triage against misuse: outcomes, merges, floods
  TipTriageEntity, TipFloodEntity,
  // anonymous bullying surveys
  SurveyEntity, SurveyCodeEntity, SurveyAnswerEntity,
  // the anti-bullying work ledger
  LedgerDutyEntity, LedgerActivityEntity, LedgerFileEntity, LedgerReminderEntity, LedgerExportEntity,
  SurveyFindingEntity, SurveyParentTokenEntity, SurveyParentAnswerEntity,
  // privacy: each school's person responsible for children's personal information
  ChildDataOfficerEntity,
  // retention: each tip's own data key, districts' retention rules, legal holds, erasure records
  TipKeyEntity, RetentionRulesEntity, RetentionHoldEntity, TipErasureEntity, RetentionReceiptSweepEntity,
];
