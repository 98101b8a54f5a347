import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The masks the designated contact confirmed on a case (脱敏): per field, the spans to hide, as one encrypted JSON
 * list of positions (no text of the case is stored here, and not even the positions in clear). One row per tip,
 * replaced on each save; the original text stays where it was, encrypted.
 */
@Entity('tip_redactions')
export class TipRedactionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'text', name: 'masks_enc' })
  masksEnc!: string;

  @Column({ type: 'int', name: 'mask_count' })
  maskCount!: number;

  @Column({ type: 'varchar', length: 36, name: 'saved_by_user_id' })
  savedByUserId!: string;

  @Column({ type: 'datetime', name: 'saved_at' })
  savedAt!: Date;
}
