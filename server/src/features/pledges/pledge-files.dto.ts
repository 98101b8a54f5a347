import { ApiProperty } from '@nestjs/swagger';
import { Relation, type PledgeClassSignature, type PledgeClassSignaturesResponse, type PledgeSignatureVerifyResponse } from '@anxin/shared';
import { SealProofDto } from '../../platform/audit/seal/seal-proof.dto';

export class PledgeClassSignatureDto implements PledgeClassSignature {
  @ApiProperty() signatureId!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() studentName!: string;
  @ApiProperty({ enum: Object.values(Relation) }) relation!: Relation;
  @ApiProperty() relationLabel!: string;
  @ApiProperty({ format: 'date', description: 'the day signed (Asia/Shanghai), never a time' }) signedOn!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() studentSigned!: boolean;
  @ApiProperty() superseded!: boolean;
}

export class PledgeClassSignaturesDto implements PledgeClassSignaturesResponse {
  @ApiProperty() classId!: string;
  @ApiProperty() className!: string;
  @ApiProperty() currentVersion!: number;
  @ApiProperty({ type: [PledgeClassSignatureDto] }) signatures!: PledgeClassSignatureDto[];
}

export class PledgeSignatureVerifyDto implements PledgeSignatureVerifyResponse {
  @ApiProperty() signatureId!: string;
  @ApiProperty() versionNumber!: number;
  @ApiProperty() textHash!: string;
  @ApiProperty() recomputedTextHash!: string;
  @ApiProperty() textHashMatches!: boolean;
  @ApiProperty({ description: "the leaf of the signature's rows as they are now" }) leafHash!: string;
  @ApiProperty({ nullable: true, type: Boolean, description: 'null: not sealed yet' }) sealed!: boolean | null;
  @ApiProperty({ nullable: true, type: SealProofDto }) proof!: SealProofDto | null;
  @ApiProperty({ nullable: true, type: String }) sealsAfter!: string | null;
  @ApiProperty() ok!: boolean;
}
