import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A district's dashboard for one semester as last computed (dashboard-snapshots.ts): what officers are served for a
 * minute, and what the worker refreshes every minute for the current semester. It holds what the dashboard shows to
 * every officer of the district alike: counts (1 and 2 already '<3'), flags and the ids of cases escalated to the
 * district. Nothing per person.
 */
@Entity('district_dashboard_snapshots')
export class DistrictDashboardSnapshotEntity {
  /** `<districtId>:<semesterKey>`. */
  @PrimaryColumn({ type: 'varchar', length: 50 })
  id!: string;

  @Column({ type: 'varchar', length: 36, name: 'district_id' })
  districtId!: string;

  @Column({ type: 'varchar', length: 8, name: 'semester_key' })
  semesterKey!: string;

  @Column({ type: 'datetime', name: 'computed_at' })
  computedAt!: Date;

  /** The DistrictDashboardResponse as JSON text, sent as it is. */
  @Column({ type: 'text' })
  body!: string;
}
