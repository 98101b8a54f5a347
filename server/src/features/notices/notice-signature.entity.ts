import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A guardian's handwritten signature on a receipt: the PNG (≤ 100 KB) encrypted with the school's data key and bound
 * to the receipt, in the database beside the receipt rather than in a file store, so it is backed up, rotated and
 * deleted with the receipt. Kept apart from notice_receipts so counting receipts never reads signature bytes. It has
 * no time of its own: the receipt keeps the day it was signed.
 */
@Entity('notice_signatures')
export class NoticeSignatureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'receipt_id' })
  receiptId!: string;

  @Column({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'key_id' })
  keyId!: string;

  @Column({ type: 'blob' })
  data!: Buffer;

  /** sha256 (hex) of the PNG as the guardian sent it. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ type: 'int' })
  width!: number;

  @Column({ type: 'int' })
  height!: number;

  @Column({ type: 'int' })
  size!: number;
}
