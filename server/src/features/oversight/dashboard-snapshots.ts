import type { DataSource, EntityManager } from 'typeorm';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { inTransaction } from '../../platform/database/transaction';
import { DistrictDashboardSnapshotEntity } from './district-dashboard-snapshot.entity';

/**
 * The district dashboard is computed at most once a minute per district and semester: the result is kept in
 * `district_dashboard_snapshots` and served while it is younger than SNAPSHOT_MAX_AGE_MS (by the Clock); the worker
 * computes the current semester's every minute (DistrictDashboardService), so officers are served one and the dashboard
 * of 300 schools costs a read of one row, sent as the JSON text it was kept as. Acknowledging a flag, changing the
 * calendar and a case's finding (tip-workflow.service.ts) drop the district's snapshots in the same transaction, so
 * those show at once; any other change of a tip shows within the minute (the page says when the figures were read).
 */
export const SNAPSHOT_MAX_AGE_MS = 60_000;

const idOf = (districtId: string, semesterKey: string) => `${districtId}:${semesterKey}`;

/** The snapshot of this district and semester if it was computed within the last minute (and not in the Clock's future). */
export async function freshSnapshot(m: EntityManager, districtId: string, semesterKey: string, now: Date): Promise<DistrictDashboardSnapshotEntity | null> {
  const row = await m.findOne(DistrictDashboardSnapshotEntity, { where: { id: idOf(districtId, semesterKey) } });
  if (!row) return null;
  const age = now.getTime() - new Date(row.computedAt).getTime();
  return age >= 0 && age < SNAPSHOT_MAX_AGE_MS ? row : null;
}

/** Keeps a computed dashboard, as JSON text (a concurrent computation of the same one may have kept its own: either will do). */
export async function storeSnapshot(ds: DataSource, districtId: string, semesterKey: string, computedAt: Date, body: string): Promise<void> {
  const id = idOf(districtId, semesterKey);
  try {
    await inTransaction(ds, async (m) => {
      await m.delete(DistrictDashboardSnapshotEntity, { id });
      await m.insert(DistrictDashboardSnapshotEntity, { id, districtId, semesterKey, computedAt, body });
    });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
  }
}

/** Drops every snapshot of the district (with the change that makes them wrong, in its transaction). */
export async function dropSnapshots(m: EntityManager, districtId: string): Promise<void> {
  await m.delete(DistrictDashboardSnapshotEntity, { districtId });
}
