import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A notice attachment's bytes in encrypted chunks (platform/crypto/sealed-chunks.ts), bound to (attachment, seq). */
@Entity('notice_attachment_chunks')
export class NoticeAttachmentChunkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'attachment_id' })
  attachmentId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'blob' })
  data!: Buffer;
}
