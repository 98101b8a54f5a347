import { Column, Entity } from 'typeorm';
import type { LedgerFrequency } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A district's change to the ledger's catalogue: a default duty as the district rewrote or retired it (`duty_key` a
 * default's key), or a duty of its own (`custom-<uuid>`). Duties without a row here are the defaults as written
 * (DEFAULT_LEDGER_DUTIES). One row per district and key.
 */
@Entity('ledger_duties')
export class LedgerDutyEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  @Column({ type: 'varchar', length: 48, name: 'duty_key' })
  dutyKey!: string;

  @Column({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  frequency!: LedgerFrequency;

  @Column({ type: 'varchar', length: 60, name: 'applies_to' })
  appliesTo!: string;

  @Column({ type: 'varchar', length: 200 })
  evidence!: string;

  @Column({ type: 'boolean', default: false })
  retired!: boolean;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'varchar', length: 36, name: 'updated_by' })
  updatedBy!: string;
}
