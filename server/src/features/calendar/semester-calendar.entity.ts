import { Column, Entity } from 'typeorm';
import type { CalendarDay } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * One school year of a district's calendar, as the district set it (school years it did not set follow the default
 * in shared/src/semesters.ts). Days on the Shanghai calendar, DATE columns.
 */
@Entity('semester_calendars')
export class SemesterCalendarEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  /** 2026 = the 2026–2027 school year. */
  @Column({ type: 'int', name: 'school_year' })
  schoolYear!: number;

  @Column({ type: 'date', name: 'first_starts_on', utc: true })
  firstStartsOn!: CalendarDay;

  @Column({ type: 'date', name: 'first_ends_on', utc: true })
  firstEndsOn!: CalendarDay;

  @Column({ type: 'date', name: 'second_starts_on', utc: true })
  secondStartsOn!: CalendarDay;

  @Column({ type: 'date', name: 'second_ends_on', utc: true })
  secondEndsOn!: CalendarDay;

  @Column({ type: 'varchar', length: 36, name: 'updated_by' })
  updatedBy!: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
