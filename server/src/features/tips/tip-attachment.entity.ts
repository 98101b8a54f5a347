import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A photo uploaded for a tip. The bytes live encrypted in `tip_attachment_chunks` (two copies: the original
 * as evidence, and the re-encoded staff copy without EXIF/GPS). Uploaded before the tip exists; `tipId` is set
 * when the tip claims it. No uploader identity, no client file name.
 */
@Entity('tip_attachments')
export class TipAttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id', nullable: true })
  tipId!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'key_id' })
  keyId!: string;

  /** MIME of the original (by magic bytes). The staff copy is always JPEG. */
  @Column({ type: 'varchar', length: 32 })
  mime!: string;

  @Column({ type: 'int', name: 'original_size' })
  originalSize!: number;

  @Column({ type: 'int', name: 'staff_size' })
  staffSize!: number;

  @Column({ type: 'int', nullable: true })
  width!: number | null;

  @Column({ type: 'int', nullable: true })
  height!: number | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
