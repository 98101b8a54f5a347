import { Column, Entity } from 'typeorm';
import type { SchoolRole } from '@anxin/shared';
import { UuidEntity, jsonTransformer } from '../../platform/database/base.entity';

/**
 * A one-time code that gives whoever redeems it a staff role at one school: how a person who logs in through
 * WeChat becomes a teacher or principal. Only the SHA-256 of the code is stored; it expires and is used once.
 */
@Entity('staff_invites')
export class StaffInviteEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 64, name: 'code_hash' })
  codeHash!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: SchoolRole;

  /** Teacher invites: the classes the teacher will cover. */
  @Column({ type: 'text', name: 'class_ids', transformer: jsonTransformer })
  classIds!: string[];

  @Column({ type: 'varchar', length: 36, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'varchar', length: 36, name: 'redeemed_by', nullable: true })
  redeemedBy!: string | null;

  @Column({ type: 'datetime', name: 'redeemed_at', nullable: true })
  redeemedAt!: Date | null;
}
