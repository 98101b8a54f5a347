import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/** A class invite code that guardians type or scan to ask to bind to their child. Revocable. */
@Entity('invite_codes')
export class InviteCodeEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'class_id' })
  classId!: string;

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
