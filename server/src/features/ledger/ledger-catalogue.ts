import type { EntityManager } from 'typeorm';
import { DEFAULT_LEDGER_DUTIES, type LedgerDuty } from '@anxin/shared';
import { LedgerDutyEntity } from './ledger-duty.entity';

/**
 * A district's catalogue: every default duty as written (DEFAULT_LEDGER_DUTIES), or as the district changed it (its
 * `ledger_duties` row: name, frequency, who it applies to, evidence text, retired), then the district's own duties in
 * the order they were added. A default keeps its evidence source whatever the district changed.
 */
export async function districtCatalogue(m: EntityManager, districtId: string): Promise<LedgerDuty[]> {
  const rows = await m.find(LedgerDutyEntity, { where: { districtId }, order: { createdAt: 'ASC', dutyKey: 'ASC' } });
  const byKey = new Map(rows.map((r) => [r.dutyKey, r]));
  const out: LedgerDuty[] = DEFAULT_LEDGER_DUTIES.map((d) => {
    const r = byKey.get(d.key);
    return r ? { ...d, name: r.name, frequency: r.frequency, appliesTo: r.appliesTo, evidence: r.evidence, retired: r.retired } : { ...d };
  });
  const defaults = new Set(DEFAULT_LEDGER_DUTIES.map((d) => d.key));
  for (const r of rows) {
    if (defaults.has(r.dutyKey)) continue;
    out.push({ key: r.dutyKey, name: r.name, frequency: r.frequency, appliesTo: r.appliesTo, evidence: r.evidence, source: null, retired: r.retired, custom: true });
  }
  return out;
}

/** The duties a school of the district works to: the catalogue less the retired ones. */
export async function activeDuties(m: EntityManager, districtId: string): Promise<LedgerDuty[]> {
  return (await districtCatalogue(m, districtId)).filter((d) => !d.retired);
}
