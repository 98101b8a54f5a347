import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The head of each school's chain. Appends lock this row, so concurrent writers extend the chain one at a time. */
@Entity('audit_heads')
export class AuditHeadEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'int', name: 'last_seq' })
  lastSeq!: number;

  @Column({ type: 'varchar', length: 64, name: 'last_hash' })
  lastHash!: string;
}
