import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RetentionKind } from '@anxin/shared';

/** That (and when) a case's content, or its unanswered reporter messages, were erased. Holds no content. */
@Entity('tip_erasures')
export class TipErasureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: RetentionKind;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'datetime', name: 'erased_at' })
  erasedAt!: Date;
}
