import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

@Entity('districts')
export class DistrictEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
