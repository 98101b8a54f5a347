import { ApiProperty } from '@nestjs/swagger';
import type { SealProof } from '@anxin/shared';

export class SealAuditEntryRefDto {
  @ApiProperty() seq!: number;
  @ApiProperty() hash!: string;
  @ApiProperty() at!: string;
}

/** A record's leaf in a sealed day batch, with its Merkle path to the root that an audit entry holds (see SealProof). */
export class SealProofDto implements SealProof {
  @ApiProperty({ example: 'notice.receipt' }) kind!: string;
  @ApiProperty() recordId!: string;
  @ApiProperty({ description: 'Shanghai day of the batch, YYYY-MM-DD' }) day!: string;
  @ApiProperty() batchId!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical JSON of the leaf document' }) leafHash!: string;
  @ApiProperty({ description: "the leaf's place in the batch (kind, then record id)" }) index!: number;
  @ApiProperty({ description: 'leaves in the batch' }) size!: number;
  @ApiProperty({ type: [String], description: 'sibling hashes from the leaf up; node = H(0x00 ‖ leaf), parent = H(0x01 ‖ left ‖ right), a lone last node moves up unchanged' }) path!: string[];
  @ApiProperty() root!: string;
  @ApiProperty({ type: SealAuditEntryRefDto, description: 'the audit entry audit.receipts_sealed holding the root' }) auditEntry!: SealAuditEntryRefDto;
}
