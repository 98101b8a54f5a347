import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  MERGED_NOTE, NO_ACTION_STATEMENT, TIP_OUTCOME_LABELS, TIP_STATUS_LABELS, tipOutcome, type TipStatus, type TipTriageInfo,
} from '@anxin/shared';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../../platform/database/dates';
import { TipEntity } from '../tip.entity';
import { TipTriageEntity } from './tip-triage.entity';

export const referredAad = (tipId: string) => `tip_triage:${tipId}:referred_to`;

/** What the reporter of a merged case sees in place of their own case's state. */
export interface ReporterCaseState {
  status: TipStatus;
  statusLabel: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  reopenedAt: string | null;
  mergedNote: string | null;
}

/**
 * Reading triage: a case's triage record for its staff page, the reporter's view of a merged case (the primary's
 * status, never its text or thread), and who hears when the reporter of a merged case writes (the primary's owner).
 */
@Injectable()
export class TipTriageView {
  constructor(private readonly crypto: CryptoService) {}

  /** The triage record of a case, or, for a finding of 恶意/虚假举报 made through the status steps, the statement alone. */
  async info(m: EntityManager, tip: TipEntity): Promise<TipTriageInfo | null> {
    const row = await m.findOne(TipTriageEntity, { where: { tipId: tip.id } });
    const outcome = tipOutcome(tip.decision, row && row.outcome !== 'false_report' ? row.outcome : null);
    if (!row && outcome !== 'false_report') return null;
    if (!outcome) return null;
    return {
      outcome, outcomeLabel: TIP_OUTCOME_LABELS[outcome], mergedIntoId: row?.mergedIntoId ?? null,
      referredTo: row?.referredToEnc ? await this.crypto.decryptText(row.referredToEnc, referredAad(tip.id), m) : null,
      statement: outcome === 'false_report' ? row?.statement ?? NO_ACTION_STATEMENT : null,
      at: isoRequired(row?.at ?? tip.decidedAt ?? tip.closedAt!),
    };
  }

  /** The primary case of a merged one (following merges of merges), or null. */
  async primaryOf(m: EntityManager, tip: TipEntity): Promise<TipEntity | null> {
    let current = tip;
    for (let hops = 0; hops < 10; hops++) {
      const row = await m.findOne(TipTriageEntity, { where: { tipId: current.id, outcome: 'duplicate' } });
      if (!row?.mergedIntoId) return current === tip ? null : current;
      const next = await m.findOne(TipEntity, { where: { id: row.mergedIntoId, schoolId: tip.schoolId } });
      if (!next) return current === tip ? null : current;
      current = next;
    }
    return current;
  }

  /** The state the reporter's follow-up page shows: their own case's, or the primary's once merged. */
  async reporterState(m: EntityManager, tip: TipEntity): Promise<ReporterCaseState> {
    const primary = await this.primaryOf(m, tip);
    const shown = primary ?? tip;
    return {
      status: shown.status, statusLabel: TIP_STATUS_LABELS[shown.status], acknowledgedAt: iso(shown.acknowledgedAt), closedAt: iso(shown.closedAt),
      reopenedAt: iso(shown.reopenedAt), mergedNote: primary ? MERGED_NOTE : null,
    };
  }

  /** The case whose owner hears of a reporter's message: the primary's owner for a merged case (the page stays the tip's own). */
  async ownerTip(m: EntityManager, tip: TipEntity): Promise<TipEntity> {
    const primary = await this.primaryOf(m, tip);
    return primary ? Object.assign(Object.create(Object.getPrototypeOf(tip)) as TipEntity, tip, { assigneeUserId: primary.assigneeUserId }) : tip;
  }
}
