import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An internal note (内部备注) on a case: staff only, never shown to the reporter. Append-only: no route changes or
 * deletes a note; a correction is a new note. The body is encrypted under the tip's own key like the case itself.
 */
@Entity('tip_notes')
export class TipNoteEntity {
  /** Assigned in code before insert: the id is part of the body's encryption context. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 36, name: 'author_user_id' })
  authorUserId!: string;

  @Column({ type: 'text', name: 'body_enc' })
  bodyEnc!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
