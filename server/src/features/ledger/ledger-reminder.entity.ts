import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/** A duty's reminder, sent once per school, duty and semester (a unique index: a second insert is ignored). */
@Entity('ledger_reminders')
export class LedgerReminderEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 48, name: 'duty_key' })
  dutyKey!: string;

  @Column({ type: 'varchar', length: 8, name: 'semester_key' })
  semesterKey!: string;

  @Column({ type: 'datetime', name: 'sent_at' })
  sentAt!: Date;
}
