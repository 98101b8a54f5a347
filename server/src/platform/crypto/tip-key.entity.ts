import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tip's own data key (32 random bytes), stored only wrapped by its school's data key (AES-256-GCM, bound to the
 * key id and the tip). Every ciphertext of the tip's content names this key's `id`; erasing the case deletes this
 * row together with the ciphertext rows, so any copy of the content tables alone can no longer be opened.
 */
@Entity('tip_keys')
export class TipKeyEntity {
  /** The key id every ciphertext of the tip records (`enc1.<id>.…`). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  /** The school data key that wraps this one (school_keys.id). */
  @Column({ type: 'varchar', length: 36, name: 'school_key_id' })
  schoolKeyId!: string;

  /** base64(iv ‖ tag ‖ ciphertext). */
  @Column({ type: 'varchar', length: 200, name: 'wrapped_key' })
  wrappedKey!: string;

  /**
   * True once every ciphertext of the tip is under this key: at once for a tip filed with it; after the re-seal
   * step (features/tips/tip-key-reseal.ts) for a tip filed before tips had their own keys.
   */
  @Column({ type: 'boolean', name: 'all_sealed' })
  allSealed!: boolean;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;
}
