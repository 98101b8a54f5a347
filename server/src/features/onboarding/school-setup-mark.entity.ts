import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Set-up facts no other table keeps, one row per school: when the tip-box poster was last downloaded and which
 * contact (name and phone, as printed) it showed, so the checklist can tell a poster that shows a replaced contact.
 */
@Entity('school_setup_marks')
export class SchoolSetupMarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'datetime', name: 'poster_downloaded_at', nullable: true })
  posterDownloadedAt!: Date | null;

  /** `<name> <phone>` of the contact the poster printed. */
  @Column({ type: 'varchar', length: 100, name: 'poster_contact', nullable: true })
  posterContact!: string | null;
}
