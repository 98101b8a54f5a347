import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Relation } from '@anxin/shared';

/** A child a receipt is about (a guardian with two children in the audience has one receipt naming both). */
@Entity('notice_receipt_students')
export class NoticeReceiptStudentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'receipt_id' })
  receiptId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'student_id' })
  studentId!: string;

  @Column({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  /** The guardian's relation to this child, from the binding. */
  @Column({ type: 'varchar', length: 20 })
  relation!: Relation;
}
