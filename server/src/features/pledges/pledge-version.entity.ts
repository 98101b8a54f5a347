import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PledgeText } from '@anxin/shared';
import { jsonTransformer } from '../../platform/database/base.entity';

/**
 * One published version of a pledge's text, frozen: never updated after it is inserted. Every signature of it keeps
 * the same `text_hash` (pledgeTextHash, SHA-256 of the canonical JSON of the normalized text).
 */
@Entity('pledge_versions')
export class PledgeVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'pledge_id' })
  pledgeId!: string;

  @PrimaryColumn({ type: 'int' })
  number!: number;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'text', transformer: jsonTransformer })
  text!: PledgeText;

  @Column({ type: 'varchar', length: 64, name: 'text_hash' })
  textHash!: string;

  /** What changed since the previous version (null for version 1). */
  @Column({ type: 'varchar', length: 255, name: 'change_note', nullable: true })
  changeNote!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'published_by' })
  publishedBy!: string;

  /** A staff action's time. */
  @Column({ type: 'datetime', name: 'published_at' })
  publishedAt!: Date;
}
