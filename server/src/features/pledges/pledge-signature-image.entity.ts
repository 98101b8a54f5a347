import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PledgeSignaturePart = 'guardian' | 'student';

/**
 * A signature's handwriting: the guardian's and (when the child signs too) the child's PNG (≤ 100 KB each), encrypted
 * with the school's data key and bound to the signature and part, like notice signatures. Kept apart from
 * pledge_signatures so counting signatures never reads image bytes. No time of its own.
 */
@Entity('pledge_signature_images')
export class PledgeSignatureImageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'signature_id' })
  signatureId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  part!: PledgeSignaturePart;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'key_id' })
  keyId!: string;

  @Column({ type: 'blob' })
  data!: Buffer;

  /** sha256 (hex) of the PNG as sent. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'int' })
  width!: number;

  @Column({ type: 'int' })
  height!: number;

  @Column({ type: 'int' })
  size!: number;
}
