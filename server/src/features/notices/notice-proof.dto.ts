import { ApiProperty } from '@nestjs/swagger';
import { Relation, type NoticeReceiptProofChild, type NoticeReceiptProofReceipt, type NoticeReceiptProofResponse } from '@anxin/shared';
import { AuditEntryDto } from '../../platform/audit/audit.dto';
import { SealProofDto } from '../../platform/audit/seal/seal-proof.dto';

const DAY = { nullable: true, type: String, format: 'date', description: 'the day (Asia/Shanghai), never the time of day' } as const;

export class NoticeReceiptProofChildDto implements NoticeReceiptProofChild {
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty() className!: string;
  @ApiProperty({ enum: Object.values(Relation) }) relation!: Relation;
  @ApiProperty({ example: '母亲' }) relationLabel!: string;
}

export class NoticeReceiptProofReceiptDto implements NoticeReceiptProofReceipt {
  @ApiProperty({ type: [NoticeReceiptProofChildDto] }) children!: NoticeReceiptProofChildDto[];
  @ApiProperty() contentHash!: string;
  @ApiProperty(DAY) readOn!: string | null;
  @ApiProperty(DAY) confirmedOn!: string | null;
  @ApiProperty(DAY) signedOn!: string | null;
  @ApiProperty(DAY) answeredOn!: string | null;
  @ApiProperty(DAY) acknowledgedOn!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the chosen options, or the text' }) answer!: string | null;
  @ApiProperty({ nullable: true, type: String }) signatureSha256!: string | null;
}

export class NoticeReceiptLeafDto {
  @ApiProperty({ example: 'notice.receipt' }) kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'hashed as canonical JSON (keys sorted at every depth)' }) document!: Record<string, unknown>;
  @ApiProperty() hash!: string;
}

export class NoticeReceiptProofDto implements NoticeReceiptProofResponse {
  @ApiProperty() noticeId!: string;
  @ApiProperty() receiptId!: string;
  @ApiProperty() noticeTitle!: string;
  @ApiProperty({ type: NoticeReceiptProofReceiptDto }) receipt!: NoticeReceiptProofReceiptDto;
  @ApiProperty({ type: NoticeReceiptLeafDto, description: 'the leaf as the receipt is now' }) leaf!: NoticeReceiptLeafDto;
  @ApiProperty({ description: 'the receipt as it is now is in a sealed batch' }) sealed!: boolean;
  @ApiProperty({ type: SealProofDto, nullable: true, description: 'the newest sealed leaf of the receipt' }) proof!: SealProofDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'not sealed yet: the earliest time its waiting leaf is sealed' }) sealsAfter!: string | null;
  @ApiProperty({ type: AuditEntryDto, nullable: true, description: "the proof's audit entry audit.receipts_sealed (its details hold the root), to recompute its chain hash" })
  sealEntry!: AuditEntryDto | null;
}
