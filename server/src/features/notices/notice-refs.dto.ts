import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_REVIEW_DECISIONS, type NoticeRef, type NoticeReviewDecision, type NoticeReviewView } from '@anxin/shared';

/** Response parts of the staff view that name other notices of a chain of corrections, and the principal's review. */

export class NoticeRefDto implements NoticeRef {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
}

export class NoticeReviewerDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class NoticeReviewViewDto implements NoticeReviewView {
  @ApiProperty({ enum: NOTICE_REVIEW_DECISIONS }) decision!: NoticeReviewDecision;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: NoticeReviewerDto }) by!: NoticeReviewerDto;
  @ApiProperty() at!: string;
}
