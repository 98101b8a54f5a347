import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TriageRecordOutcome, TriageOutcome } from '@anxin/shared';

/**
 * How a case was closed by triage (分流): 恶意/虚假举报, 玩笑, 重复 (merged into `mergedIntoId`, a case of the same
 * school) or 非欺凌-其他求助 (referred to `referredToEnc`, encrypted under the tip's own key). One row per tip; the
 * tip's own finding (`tips.decision`) says false_report or not_bullying. Reopening the case deletes the row.
 */
@Entity('tip_triage')
export class TipTriageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: TriageRecordOutcome | Extract<TriageOutcome, 'false_report'>;

  @Column({ type: 'varchar', length: 36, name: 'merged_into_id', nullable: true })
  mergedIntoId!: string | null;

  @Column({ type: 'text', name: 'referred_to_enc', nullable: true })
  referredToEnc!: string | null;

  /** 恶意/虚假举报: the fixed statement that nobody named was acted against (NO_ACTION_STATEMENT), as recorded. */
  @Column({ type: 'text', nullable: true })
  statement!: string | null;

  @Column({ type: 'varchar', length: 36, name: 'by_user_id' })
  byUserId!: string;

  @Column({ type: 'datetime' })
  at!: Date;
}
