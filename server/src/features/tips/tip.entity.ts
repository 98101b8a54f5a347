import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReporterRole, TipCategory, TipEscalationLevel, TipPlace, TipSeverity, TipSource, TipStatus } from '@anxin/shared';
import { jsonTransformer } from '../../platform/database/base.entity';

/**
 * A tip. Holds no openid, user id, IP, user agent or device id of the reporter:
 * `filedByUserId` is set only for 教师转报 (the teacher is the filer by design), and a reporter who chose to give
 * their name has it only inside `namedEnc`. Every free-text field is an AES-256-GCM envelope (`…Enc`) under the
 * tip's own data key (tip_keys, wrapped by the school's). The receipt exists only as an HMAC lookup index plus a scrypt hash.
 */
@Entity('tips')
export class TipEntity {
  /** Assigned in code before insert: the id is part of each field's encryption context. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'school_id' })
  schoolId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: TipStatus;

  @Column({ type: 'varchar', length: 16 })
  category!: TipCategory;

  @Column({ type: 'varchar', length: 16 })
  source!: TipSource;

  @Column({ type: 'varchar', length: 16, name: 'reporter_role' })
  reporterRole!: ReporterRole;

  @Column({ type: 'varchar', length: 32, nullable: true })
  place!: TipPlace | null;

  @Column({ type: 'boolean', name: 'in_danger' })
  inDanger!: boolean;

  @Column({ type: 'boolean' })
  ongoing!: boolean;

  /** 内容需关注: set when msg_sec_check answers risky (or review). */
  @Column({ type: 'boolean', name: 'content_flag' })
  contentFlag!: boolean;

  /** pending | pass | review | risky | error. */
  @Column({ type: 'varchar', length: 16, name: 'content_check' })
  contentCheck!: string;

  @Column({ type: 'text', name: 'description_enc' })
  descriptionEnc!: string;

  @Column({ type: 'text', name: 'when_enc', nullable: true })
  whenEnc!: string | null;

  @Column({ type: 'text', name: 'place_detail_enc', nullable: true })
  placeDetailEnc!: string | null;

  @Column({ type: 'text', name: 'people_enc', nullable: true })
  peopleEnc!: string | null;

  @Column({ type: 'text', name: 'named_enc', nullable: true })
  namedEnc!: string | null;

  @Column({ type: 'text', name: 'measures_enc', nullable: true })
  measuresEnc!: string | null;

  @Column({ type: 'text', name: 'outcome_enc', nullable: true })
  outcomeEnc!: string | null;

  /** 告知举报人的处理结果: the outcome text the school chose to tell the reporter (their follow-up page shows it once closed). */
  @Column({ type: 'text', name: 'reporter_outcome_enc', nullable: true })
  reporterOutcomeEnc!: string | null;

  /** 教师转报 only: the teacher who filed it. Never set for a reporter. */
  @Column({ type: 'varchar', length: 36, name: 'filed_by_user_id', nullable: true })
  filedByUserId!: string | null;

  /** HMAC-SHA256(receipt) under a subkey of the school's data key (never in the database): the lookup index. */
  @Column({ type: 'varchar', length: 64, name: 'receipt_index' })
  receiptIndex!: string;

  /** scrypt$N$r$p$salt$hash: the slow salted hash the receipt is verified against. */
  @Column({ type: 'varchar', length: 200, name: 'receipt_hash' })
  receiptHash!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  severity!: TipSeverity | null;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  labels!: string[] | null;

  @Column({ type: 'varchar', length: 36, name: 'assignee_user_id', nullable: true })
  assigneeUserId!: string | null;

  @Column({ type: 'varchar', length: 16, name: 'escalation_level' })
  escalationLevel!: TipEscalationLevel;

  @Column({ type: 'datetime', name: 'escalated_principal_at', nullable: true })
  escalatedPrincipalAt!: Date | null;

  @Column({ type: 'datetime', name: 'escalated_district_at', nullable: true })
  escalatedDistrictAt!: Date | null;

  @Column({ type: 'datetime', name: 'submitted_at' })
  submittedAt!: Date;

  @Column({ type: 'datetime', name: 'ack_due_at' })
  ackDueAt!: Date;

  @Column({ type: 'datetime', name: 'acknowledged_at', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'varchar', length: 36, name: 'acknowledged_by', nullable: true })
  acknowledgedBy!: string | null;

  @Column({ type: 'datetime', name: 'investigation_due_at', nullable: true })
  investigationDueAt!: Date | null;

  /** Set by the deadline handler when the investigation passed its deadline undecided. */
  @Column({ type: 'datetime', name: 'overdue_at', nullable: true })
  overdueAt!: Date | null;

  /** The investigation's finding (confirmed | not_bullying | false_report), kept after the case is closed. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  decision!: TipStatus | null;

  @Column({ type: 'datetime', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'datetime', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** The last time a closed case was opened again (tip_reopenings holds each time, with its reason). */
  @Column({ type: 'datetime', name: 'reopened_at', nullable: true })
  reopenedAt!: Date | null;

  /** How many times the case was opened again: the round of its deadlines' dedupe keys. */
  @Column({ type: 'int', name: 'reopen_count', default: 0 })
  reopenCount!: number;

  /**
   * 测试举报: sent by the school's admin or principal from the set-up checklist (test-tips.service.ts), with no reporter.
   * Routed and acknowledged like any tip; never escalated to the district and left out of every count and ledger.
   */
  @Column({ type: 'boolean', name: 'is_test', default: false })
  isTest!: boolean;

  /** Optimistic concurrency: every change is `UPDATE … WHERE id = ? AND version = ?` and bumps it. */
  @Column({ type: 'int' })
  version!: number;
}
