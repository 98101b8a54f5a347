import { Column, Entity } from 'typeorm';
import type { SchoolStage } from '@anxin/shared';
import { UuidEntity, jsonTransformer } from '../../platform/database/base.entity';

@Entity('schools')
export class SchoolEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The designated anti-bullying contact (欺凌防治负责人): public name and phone, and the staff user behind them. */
  @Column({ type: 'varchar', length: 36, name: 'contact_user_id', nullable: true })
  contactUserId!: string | null;

  @Column({ type: 'varchar', length: 50, name: 'contact_name', nullable: true })
  contactName!: string | null;

  @Column({ type: 'varchar', length: 30, name: 'contact_phone', nullable: true })
  contactPhone!: string | null;

  /** Per-school policy settings (deadlines etc.); defaults live in code. */
  @Column({ type: 'text', name: 'settings', nullable: true, transformer: jsonTransformer })
  settings!: Record<string, unknown> | null;

  /** 学段; null for schools created before the district console asked for it. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  stage!: SchoolStage | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** 学校标识码 (10 digits), unique within the district. */
  @Column({ type: 'varchar', length: 10, name: 'national_code', nullable: true })
  nationalCode!: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
