import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Encrypted attachment bytes in chunks of at most 1 MiB of ciphertext: a 10 MB photo never has to pass the
 * database's packet limit in one statement (MariaDB's default max_allowed_packet is 16 MB, and a Buffer is sent
 * hex-escaped). Each chunk is its own AES-256-GCM ciphertext bound to (attachment, copy, seq).
 */
@Entity('tip_attachment_chunks')
export class TipAttachmentChunkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'attachment_id' })
  attachmentId!: string;

  /** 'original' (evidence) | 'staff' (re-encoded, metadata stripped). */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  copy!: 'original' | 'staff';

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ type: 'blob' })
  data!: Buffer;
}
