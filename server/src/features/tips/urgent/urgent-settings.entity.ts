import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UrgentContactKind } from '@anxin/shared';
import { UuidEntity } from '../../../platform/database/base.entity';

/** A school's call-down interval (minutes between two steps). A school without a row uses the default (5). */
@Entity('urgent_settings')
export class UrgentSettingsEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'int', name: 'step_minutes' })
  stepMinutes!: number;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}

/**
 * One person on a school's urgent list (in `position` order). The phone is encrypted under the school's data key
 * (bound to the row); only its masked form is readable.
 */
@Entity('urgent_contacts')
export class UrgentContactEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: UrgentContactKind;

  @Column({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'varchar', length: 36, name: 'user_id', nullable: true })
  userId!: string | null;

  @Column({ type: 'text', name: 'phone_enc' })
  phoneEnc!: string;

  @Column({ type: 'varchar', length: 24, name: 'phone_masked' })
  phoneMasked!: string;
}

/** One shift of a school's duty roster (值班表); times of day in Asia/Shanghai. */
@Entity('urgent_duty_shifts')
export class DutyShiftEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'varchar', length: 36, name: 'user_id', nullable: true })
  userId!: string | null;

  @Column({ type: 'text', name: 'phone_enc' })
  phoneEnc!: string;

  @Column({ type: 'varchar', length: 24, name: 'phone_masked' })
  phoneMasked!: string;

  /** Comma-separated weekdays the shift starts on (1 = Monday); empty for a one-date shift. */
  @Column({ type: 'varchar', length: 16 })
  weekdays!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  day!: string | null;

  @Column({ type: 'varchar', length: 5, name: 'start_time' })
  startTime!: string;

  @Column({ type: 'varchar', length: 5, name: 'end_time' })
  endTime!: string;
}

/**
 * The district duty officer's phone, last in every call-down of the district's schools. Sealed with the delivery-only
 * key (a district has no data key of its own); copied into a call-down under the school's key when one starts.
 */
@Entity('district_duty_phones')
export class DistrictDutyPhoneEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  @Column({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'text', name: 'phone_enc' })
  phoneEnc!: string;

  @Column({ type: 'varchar', length: 24, name: 'phone_masked' })
  phoneMasked!: string;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;
}
