import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A school's data key (32 random bytes), stored only wrapped by the master key (AES-256-GCM).
 * `id` is the key id every ciphertext records; `masterKeyId` names the master key that wraps it, so
 * `npm run keys:rotate` can re-wrap the rows under a new master key without touching any ciphertext.
 */
@Entity('school_keys')
export class SchoolKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** base64(iv ‖ tag ‖ ciphertext). */
  @Column({ type: 'varchar', length: 200, name: 'wrapped_key' })
  wrappedKey!: string;

  @Column({ type: 'varchar', length: 32, name: 'master_key_id' })
  masterKeyId!: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'rewrapped_at', nullable: true })
  rewrappedAt!: Date | null;
}
