import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer } from '../database/base.entity';

/**
 * One entry of a school's append-only, hash-chained audit log.
 * hash = SHA-256(prev_hash ‖ canonical JSON of the entry). Nothing in the app updates or deletes these rows.
 */
@Entity('audit_entries')
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'datetime', name: 'at' })
  at!: Date;

  @Column({ type: 'varchar', length: 36, name: 'actor_user_id', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'varchar', length: 32, name: 'actor_role', nullable: true })
  actorRole!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32, name: 'target_type', nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'target_id', nullable: true })
  targetId!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer })
  details!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, name: 'prev_hash' })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
