import { Column, Entity } from 'typeorm';
import type { OnboardingInviteKind } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A one-time invite that makes its redeemer a district officer (printed by `npm run admin`) or a school's first
 * administrator (made by a district officer). Only the SHA-256 of the code is stored; it expires and works once.
 */
@Entity('onboarding_invites')
export class OnboardingInviteEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 64, name: 'code_hash' })
  codeHash!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: OnboardingInviteKind;

  @Column({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  /** school_admin: the school. */
  @Column({ type: 'varchar', length: 36, name: 'school_id', nullable: true })
  schoolId!: string | null;

  /** The officer who made it; null when the operator's command line did. */
  @Column({ type: 'varchar', length: 36, name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'varchar', length: 36, name: 'redeemed_by', nullable: true })
  redeemedBy!: string | null;

  @Column({ type: 'datetime', name: 'redeemed_at', nullable: true })
  redeemedAt!: Date | null;
}
