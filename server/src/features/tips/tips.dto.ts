import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { ApiCount, ApiCountRecord } from '../../platform/common/http/api-count';
import { Omittable } from '../../platform/common/http/omittable';
import { TipTriageInfoDto } from './triage/tip-triage.dto';
import { TipRetentionInfoDto } from '../retention/retention.dto';
import {
  TIP_LIMITS, TipCategory, TipPlace, ReporterRole, TipSeverity, TipStatus,
  type AckTipRequest, type Count, type DistrictSchoolTips, type DistrictTipOverview, type FollowupLoginRequest, type FollowupLoginResponse, type NamedReporter, type OnwardReportRequest,
  type ReopenTipRequest, type ReporterMessageRequest, type SendTestTipResponse, type StaffMessageRequest, type StaffRef, type SubmitTipRequest, type SubmitTipResponse,
  type TipAssigneeOption, type TipAttachmentInfo, type TipAttachmentUploadResponse, type TipDetail, type TipEscalationLevel, type TipListItem,
  type TipListQuery, type TipListResponse, type TipOnwardReport, type TipPermissions, type TipReopening, type TipSource, type TipStaffMessage, type TipStatsResponse, type TipThreadMessage,
  type TipThreadResponse, type TipTimelineEvent, ReporterTrailKind, type ReporterTrailEvent, type UpdateTipRequest, type TipOutcome,
} from '@anxin/shared';

const CATEGORIES = Object.values(TipCategory);
const PLACES = Object.values(TipPlace);
const REPORTER_ROLES = Object.values(ReporterRole);
const STATUSES = Object.values(TipStatus);
const SEVERITIES = Object.values(TipSeverity);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const CLIENT_KEY = new RegExp(`^[A-Za-z0-9_-]{${TIP_LIMITS.clientKeyMin},${TIP_LIMITS.clientKeyMax}}$`);
/** A receipt as a person may type it: 16 digits, with any spaces and dashes (removed before the 16-digit check). */
const RECEIPT_AS_TYPED = `^[\\s-]*(\\d[\\s-]*){${TIP_LIMITS.receiptDigits}}$`;
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

// ------------------------------------------------------------------ reporter

export class NamedReporterDto implements NamedReporter {
  @ApiProperty({ maxLength: TIP_LIMITS.reporterNameMax }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.reporterNameMax) name!: string;
  @ApiProperty({ maxLength: TIP_LIMITS.reporterContactMax, description: 'phone, WeChat id or any way to reach them' }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.reporterContactMax) contact!: string;
}

export class SubmitTipDto implements SubmitTipRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: '学校不正确' }) schoolId!: string;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES, { message: '请选择类别' }) category!: TipCategory;
  @ApiProperty({ maxLength: TIP_LIMITS.descriptionMax }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.descriptionMax, { message: '请描述发生了什么' }) description!: string;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.whenMax }) @Omittable() @Transform(trim) @IsString() @MaxLength(TIP_LIMITS.whenMax) when?: string;
  @ApiPropertyOptional({ enum: PLACES }) @Omittable() @IsIn(PLACES) place?: TipPlace;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.placeDetailMax }) @Omittable() @Transform(trim) @IsString() @MaxLength(TIP_LIMITS.placeDetailMax) placeDetail?: string;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.peopleMax }) @Omittable() @Transform(trim) @IsString() @MaxLength(TIP_LIMITS.peopleMax) peopleInvolved?: string;
  @ApiProperty() @IsBoolean() ongoing!: boolean;
  @ApiProperty({ enum: REPORTER_ROLES }) @IsIn(REPORTER_ROLES) reporterRole!: ReporterRole;
  @ApiProperty() @IsBoolean() inDanger!: boolean;
  @ApiPropertyOptional({ type: [String], maxItems: TIP_LIMITS.maxAttachments })
  @Omittable() @IsArray() @ArrayMaxSize(TIP_LIMITS.maxAttachments, { message: `最多 ${TIP_LIMITS.maxAttachments} 张照片` }) @IsUUID('all', { each: true }) attachmentIds?: string[];
  @ApiPropertyOptional({ type: NamedReporterDto }) @Omittable() @ValidateNested() @Type(() => NamedReporterDto) named?: NamedReporterDto;
  @ApiProperty({ description: 'client-generated idempotency key (a UUID kept with the draft)', minLength: TIP_LIMITS.clientKeyMin, maxLength: TIP_LIMITS.clientKeyMax, pattern: CLIENT_KEY.source })
  @IsString() @Matches(CLIENT_KEY, { message: 'clientKey 格式不正确' }) clientKey!: string;
  @ApiPropertyOptional({ description: '教师转报: a logged-in teacher files what a student told them' }) @Omittable() @IsBoolean() filedByTeacher?: boolean;
}

export class SubmitTipResponseDto implements SubmitTipResponse {
  @ApiProperty({ description: '16 digits, shown once' }) receipt!: string;
  @ApiProperty({ enum: STATUSES }) status!: TipStatus;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() replayed!: boolean;
}

export class TipAttachmentUploadDto implements TipAttachmentUploadResponse {
  @ApiProperty() attachmentId!: string;
  @ApiProperty({ enum: ['image/jpeg', 'image/png'] }) mime!: 'image/jpeg' | 'image/png';
  @ApiProperty() size!: number;
}

export class FollowupLoginDto implements FollowupLoginRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: '学校不正确' }) schoolId!: string;
  @ApiProperty({ description: `${TIP_LIMITS.receiptDigits} digits (spaces and dashes are ignored)`, pattern: RECEIPT_AS_TYPED })
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/[\s-]/g, '') : value))
  @IsString() @Matches(new RegExp(`^\\d{${TIP_LIMITS.receiptDigits}}$`), { message: `回执码应为 ${TIP_LIMITS.receiptDigits} 位数字` }) receipt!: string;
}

export class FollowupLoginResponseDto implements FollowupLoginResponse {
  @ApiProperty({ description: 'send as header X-Followup-Token' }) token!: string;
  @ApiProperty() expiresAt!: string;
}

export class TipThreadMessageDto implements TipThreadMessage {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['reporter', 'school'] }) from!: 'reporter' | 'school';
  @ApiProperty() body!: string;
  @ApiProperty() at!: string;
}

export class ReporterTrailEventDto implements ReporterTrailEvent {
  @ApiProperty({ enum: Object.values(ReporterTrailKind) }) kind!: ReporterTrailKind;
  @ApiProperty() at!: string;
  @ApiProperty({ nullable: true, type: String, description: 'role (or name and role), null for an automatic step' }) who!: string | null;
}

export class TipThreadDto implements TipThreadResponse {
  @ApiProperty({ enum: STATUSES }) status!: TipStatus;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: TipCategory;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when the school last opened the case again' }) reopenedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '告知举报人的处理结果: only on a closed case' }) outcome!: string | null;
  @ApiProperty({ type: [TipThreadMessageDto] }) messages!: TipThreadMessageDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'merged into another case (重复): its status is shown' }) mergedNote?: string | null;
  @ApiProperty({ type: [ReporterTrailEventDto], description: '处理记录: who opened the report and when (by role), acknowledgement, escalations, closing' }) trail!: ReporterTrailEventDto[];
}

export class ReporterMessageDto implements ReporterMessageRequest {
  @ApiProperty({ maxLength: TIP_LIMITS.messageMax }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.messageMax) body!: string;
}

// ------------------------------------------------------------------ staff

export class TipListQueryDto implements TipListQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @Omittable() @IsIn(STATUSES) status?: TipStatus;
  @ApiPropertyOptional({ enum: CATEGORIES }) @Omittable() @IsIn(CATEGORIES) category?: TipCategory;
  @ApiPropertyOptional() @Omittable() @Transform(toBool) @IsBoolean() urgent?: boolean;
  @ApiPropertyOptional() @Omittable() @Transform(toBool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ maximum: 200 }) @Omittable() @Transform(toInt) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @Omittable() @Transform(toInt) @IsInt() @Min(0) offset?: number;
}

export class StaffRefDto implements StaffRef {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
}

export class TipListItemDto implements TipListItem {
  @ApiProperty() id!: string;
  @ApiProperty() schoolId!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: TipCategory;
  @ApiProperty({ enum: STATUSES }) status!: TipStatus;
  @ApiProperty({ enum: ['anonymous', 'named', 'teacher'] }) source!: TipSource;
  @ApiProperty() urgent!: boolean;
  @ApiProperty() inDanger!: boolean;
  @ApiProperty() ongoing!: boolean;
  @ApiProperty() contentFlag!: boolean;
  @ApiProperty({ enum: SEVERITIES, nullable: true }) severity!: TipSeverity | null;
  @ApiProperty({ type: [String] }) labels!: string[];
  @ApiProperty({ enum: ['none', 'principal', 'district'] }) escalationLevel!: TipEscalationLevel;
  @ApiProperty({ type: StaffRefDto, nullable: true }) assignee!: StaffRef | null;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() ackDueAt!: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) investigationDueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ description: '测试举报: sent by the school itself, left out of every count' }) isTest!: boolean;
}

export class SendTestTipResponseDto implements SendTestTipResponse {
  @ApiProperty() tipId!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() ackDueAt!: string;
}

export class TipListNotShownDto {
  @ApiProperty() count!: number;
  @ApiProperty() explanation!: string;
}

export class TipListDto implements TipListResponse {
  @ApiProperty({ type: [TipListItemDto], description: 'most urgent first: in danger, overdue, nearest deadline, then newest' }) items!: TipListItem[];
  @ApiProperty() total!: number;
  @ApiProperty({ type: TipListNotShownDto, nullable: true, description: 'tips of the school matching the filters the caller may not open, and why (callers with the school counts only)' })
  notShown!: { count: number; explanation: string } | null;
}

export class DistrictSchoolTipsDto implements DistrictSchoolTips {
  @ApiProperty() schoolId!: string;
  @ApiProperty() schoolName!: string;
}

export class DistrictTipOverviewDto implements DistrictTipOverview {
  @ApiProperty() districtId!: string;
  @ApiProperty({ type: [DistrictSchoolTipsDto] }) schools!: DistrictSchoolTips[];
  @ApiProperty({ type: [TipListItemDto] }) escalated!: TipListItem[];
}

export class NamedReporterOutDto implements NamedReporter {
  @ApiProperty() name!: string;
  @ApiProperty() contact!: string;
}

export class TipAttachmentInfoDto implements TipAttachmentInfo {
  @ApiProperty() id!: string;
  @ApiProperty() mime!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ nullable: true, type: Number }) width!: number | null;
  @ApiProperty({ nullable: true, type: Number }) height!: number | null;
}

export class TipAssigneeOptionDto implements TipAssigneeOption {
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
}

export class TipOnwardReportDto implements TipOnwardReport {
  @ApiProperty() id!: string;
  @ApiProperty() reportedAt!: string;
  @ApiProperty() recipient!: string;
  @ApiProperty() content!: string;
  @ApiProperty({ type: StaffRefDto }) by!: StaffRef;
}

export class TipStaffMessageDto implements TipStaffMessage {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['reporter', 'school'] }) from!: 'reporter' | 'school';
  @ApiProperty({ type: StaffRefDto, nullable: true }) author!: StaffRef | null;
  @ApiProperty() body!: string;
  @ApiProperty() at!: string;
}

export class TipPermissionsDto implements TipPermissions {
  @ApiProperty() handle!: boolean;
  @ApiProperty() named!: boolean;
}

export class TipReopeningDto implements TipReopening {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: StaffRefDto }) by!: StaffRef;
  @ApiProperty() reason!: string;
}

export class TipTimelineEventDto implements TipTimelineEvent {
  @ApiProperty() at!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) actor!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class TipDetailDto extends TipListItemDto implements TipDetail {
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) when!: string | null;
  @ApiProperty({ enum: PLACES, nullable: true }) place!: TipPlace | null;
  @ApiProperty({ nullable: true, type: String }) placeDetail!: string | null;
  @ApiProperty({ nullable: true, type: String }) peopleInvolved!: string | null;
  @ApiProperty({ enum: REPORTER_ROLES }) reporterRole!: ReporterRole;
  @ApiProperty({ type: NamedReporterOutDto, nullable: true }) named!: NamedReporter | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) filedBy!: StaffRef | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) acknowledgedBy!: StaffRef | null;
  @ApiProperty({ enum: STATUSES, nullable: true }) decision!: TipStatus | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ nullable: true, type: String }) measures!: string | null;
  @ApiProperty({ nullable: true, type: String }) reporterOutcome!: string | null;
  @ApiProperty({ nullable: true, type: String }) reopenedAt!: string | null;
  @ApiProperty({ type: [TipReopeningDto] }) reopenings!: TipReopening[];
  @ApiProperty({ type: TipPermissionsDto }) can!: TipPermissions;
  @ApiProperty({ type: [TipAttachmentInfoDto] }) attachments!: TipAttachmentInfo[];
  @ApiProperty({ type: [TipStaffMessageDto] }) messages!: TipStaffMessage[];
  @ApiProperty({ type: [TipOnwardReportDto] }) reports!: TipOnwardReport[];
  @ApiProperty({ type: [TipTimelineEventDto] }) timeline!: TipTimelineEvent[];
  @ApiPropertyOptional({ type: TipTriageInfoDto, nullable: true }) triage?: TipTriageInfoDto | null;
  @ApiPropertyOptional({ type: TipRetentionInfoDto, description: 'when the content is erased, or that a legal hold keeps it' }) retention?: TipRetentionInfoDto;
}

export class AckTipDto implements AckTipRequest {
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.messageMax }) @Omittable() @Transform(trim) @IsString() @Length(1, TIP_LIMITS.messageMax) message?: string;
}

export class StaffMessageDto implements StaffMessageRequest {
  @ApiProperty({ maxLength: TIP_LIMITS.messageMax }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.messageMax) body!: string;
}

export class UpdateTipDto implements UpdateTipRequest {
  @ApiProperty({ description: 'the version last read; stale → 409' }) @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional({ enum: STATUSES }) @Omittable() @IsIn(STATUSES) status?: TipStatus;
  @ApiPropertyOptional({ enum: SEVERITIES }) @Omittable() @IsIn(SEVERITIES) severity?: TipSeverity;
  @ApiPropertyOptional({ type: [String], maxItems: TIP_LIMITS.labelsMax })
  @Omittable() @IsArray() @ArrayMaxSize(TIP_LIMITS.labelsMax) @IsString({ each: true }) @Length(1, TIP_LIMITS.labelMax, { each: true }) labels?: string[];
  @ApiPropertyOptional({ format: 'uuid' }) @Omittable() @IsUUID() assigneeUserId?: string;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.outcomeMax }) @Omittable() @Transform(trim) @IsString() @Length(1, TIP_LIMITS.outcomeMax) outcome?: string;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.measuresMax }) @Omittable() @Transform(trim) @IsString() @Length(1, TIP_LIMITS.measuresMax) measures?: string;
  @ApiPropertyOptional({ maxLength: TIP_LIMITS.reporterOutcomeMax, description: '告知举报人的处理结果' })
  @Omittable() @Transform(trim) @IsString() @Length(1, TIP_LIMITS.reporterOutcomeMax) reporterOutcome?: string;
}

export class ReopenTipDto implements ReopenTipRequest {
  @ApiProperty({ description: 'the version last read; stale → 409' }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ maxLength: TIP_LIMITS.reopenReasonMax, description: 'why the case is opened again (required; staff only)' })
  @Transform(trim) @IsString() @Length(1, TIP_LIMITS.reopenReasonMax, { message: '请写明重新打开的原因' }) reason!: string;
}

export class OnwardReportDto implements OnwardReportRequest {
  @ApiProperty({ maxLength: TIP_LIMITS.onwardRecipientMax }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.onwardRecipientMax) recipient!: string;
  @ApiProperty({ maxLength: TIP_LIMITS.onwardContentMax }) @Transform(trim) @IsString() @Length(1, TIP_LIMITS.onwardContentMax) content!: string;
  @ApiPropertyOptional() @Omittable() @IsISO8601({ strict: true }) reportedAt?: string;
}

export class TipStatsDto implements TipStatsResponse {
  @ApiProperty() schoolId!: string;
  @ApiProperty({ description: "exact counts (the school's own case handlers); otherwise 1 and 2 are '<3'" }) exact!: boolean;
  @ApiCount() total!: Count;
  @ApiCountRecord() byStatus!: Record<TipStatus, Count>;
  @ApiCountRecord() byCategory!: Record<TipCategory, Count>;
  @ApiCount() unacknowledged!: Count;
  @ApiCount() overdue!: Count;
  @ApiCount() escalatedToPrincipal!: Count;
  @ApiCount() escalatedToDistrict!: Count;
  @ApiCount() ackOnTime!: Count;
  @ApiCount() ackLate!: Count;
  @ApiCount() confirmedBullying!: Count;
  @ApiCountRecord('closed cases by outcome (恶意/虚假举报 included)') byOutcome?: Record<TipOutcome, Count>;
}

export class TipAttachmentParamDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id 格式不正确' }) attachmentId!: string;
}
