import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A class a notice reaches: resolved from its audience when the draft is saved, and again when it is published. */
@Entity('notice_classes')
export class NoticeClassEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'notice_id' })
  noticeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;
}
