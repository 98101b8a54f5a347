import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NoticeAttachmentKind } from '@anxin/shared';

/**
 * A file attached to a notice: a PDF as uploaded, or a picture as the server re-encoded it (JPEG, no EXIF/GPS; the
 * original is not kept). The bytes live encrypted in `notice_attachment_chunks`. Added and removed only while the
 * notice is a draft. The name the uploader's file had is kept only as `label`, cleaned; downloads are named by the server.
 */
@Entity('notice_attachments')
export class NoticeAttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'key_id' })
  keyId!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: NoticeAttachmentKind;

  /** What is served: image/jpeg or application/pdf. */
  @Column({ type: 'varchar', length: 32 })
  mime!: string;

  @Column({ type: 'varchar', length: 100 })
  label!: string;

  /** Bytes of the file served. */
  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'int', nullable: true })
  width!: number | null;

  @Column({ type: 'int', nullable: true })
  height!: number | null;

  /** sha256 (hex) of the file served. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
