import type { AuditRecord } from '../../platform/audit/audit.service';

/**
 * A district's own events (the district created, officer invites and grants, schools added, a school's first
 * administrator invited) go to an audit chain of the district: the same tables, hashing, head row, verifier and
 * signed daily checkpoints as a school's chain, keyed by the district id where a school's is keyed by the school id.
 * Ids are random UUIDs, so a district's chain never meets a school's. `npm run audit:verify` walks both kinds.
 */
export function districtAuditRecord(districtId: string, record: Omit<AuditRecord, 'schoolId'>): AuditRecord {
  return { ...record, schoolId: districtId };
}
