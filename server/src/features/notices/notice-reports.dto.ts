import { ApiProperty } from '@nestjs/swagger';
import {
  NOTICE_CONFIRM_MODES, Relation,
  type NoticeClassReceipt, type NoticeClassReceiptsResponse, type NoticeClassStats, type NoticeConfirmMode, type NoticeCounts,
  type NoticePendingEntry, type NoticePendingResponse, type NoticeQuestion, type NoticeRemindResponse, type NoticeStatsResponse,
} from '@anxin/shared';
import { NoticeProgressDto, NoticeQuestionViewDto } from './notices.dto';

const DAY = { nullable: true, type: String, format: 'date', description: 'the day (Asia/Shanghai), never the time of day' } as const;

export class NoticeCountsDto implements NoticeCounts {
  @ApiProperty() recipients!: number;
  @ApiProperty({ description: 'WeChat accepted the message, or the guardian opened the notice' }) delivered!: number;
  @ApiProperty() read!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() signed!: number;
  @ApiProperty() answered!: number;
  @ApiProperty({ description: 'done as the notice asks' }) acknowledged!: number;
}

export class NoticeTotalsDto extends NoticeCountsDto {
  @ApiProperty({ type: [Number], nullable: true, description: 'per option of a choice question' }) answers!: number[] | null;
}

export class NoticeClassStatsDto extends NoticeCountsDto implements NoticeClassStats {
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ type: [Number], nullable: true, description: 'per option of a choice question' }) answers!: number[] | null;
}

export class NoticeStatsDto implements NoticeStatsResponse {
  @ApiProperty() noticeId!: string;
  @ApiProperty({ enum: NOTICE_CONFIRM_MODES }) confirmMode!: NoticeConfirmMode;
  @ApiProperty({ type: NoticeQuestionViewDto, nullable: true }) question!: NoticeQuestion | null;
  @ApiProperty({ type: NoticeTotalsDto }) totals!: NoticeTotalsDto;
  @ApiProperty({ type: [NoticeClassStatsDto] }) classes!: NoticeClassStatsDto[];
  @ApiProperty({ type: NoticeProgressDto }) progress!: NoticeProgressDto;
}

export class NoticePendingEntryDto implements NoticePendingEntry {
  @ApiProperty() receiptId!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty({ enum: Object.values(Relation) }) relation!: Relation;
  @ApiProperty({ example: '母亲' }) relationLabel!: string;
  @ApiProperty(DAY) readOn!: string | null;
  @ApiProperty() delivered!: boolean;
}

export class NoticePendingDto implements NoticePendingResponse {
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ type: [NoticePendingEntryDto] }) entries!: NoticePendingEntryDto[];
  @ApiProperty({ nullable: true, type: String }) lastRemindedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) nextRemindAt!: string | null;
}

export class NoticeClassReceiptDto implements NoticeClassReceipt {
  @ApiProperty() receiptId!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty({ enum: Object.values(Relation) }) relation!: Relation;
  @ApiProperty({ example: '母亲' }) relationLabel!: string;
  @ApiProperty() delivered!: boolean;
  @ApiProperty(DAY) readOn!: string | null;
  @ApiProperty(DAY) confirmedOn!: string | null;
  @ApiProperty(DAY) signedOn!: string | null;
  @ApiProperty(DAY) answeredOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the chosen options, or the text' }) answer!: string | null;
  @ApiProperty() acknowledged!: boolean;
  @ApiProperty({ description: 'GET /notices/{id}/receipts/{receiptId}/signature shows it' }) hasSignature!: boolean;
}

export class NoticeClassReceiptsDto implements NoticeClassReceiptsResponse {
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ type: [NoticeClassReceiptDto] }) entries!: NoticeClassReceiptDto[];
}

export class NoticeRemindDto implements NoticeRemindResponse {
  @ApiProperty() reminded!: number;
  @ApiProperty({ nullable: true, type: String }) nextRemindAt!: string | null;
}
