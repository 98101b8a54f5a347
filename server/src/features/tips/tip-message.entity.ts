import { Column, Entity } from 'typeorm';
import { UuidEntity } from '../../platform/database/base.entity';

/** One message of the anonymous two-way thread. Reporter messages carry no identity of any kind. */
@Entity('tip_messages')
export class TipMessageEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 16, name: 'author_kind' })
  authorKind!: 'reporter' | 'school';

  /** Staff messages only. */
  @Column({ type: 'varchar', length: 36, name: 'author_user_id', nullable: true })
  authorUserId!: string | null;

  @Column({ type: 'text', name: 'body_enc' })
  bodyEnc!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
