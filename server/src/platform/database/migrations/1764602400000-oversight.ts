import { MigrationInterface, QueryRunner, Table, TableIndex, type TableColumnOptions } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Oversight: a district's school-year calendar (its own semester dates per school year), the officers'
 * acknowledgements of supervision flags, the receipt tallies of notices the dashboards read (counted in the
 * background, so a district's dashboard sums a few thousand rows instead of millions of receipts), and the district
 * dashboards as last computed (served for a minute, refreshed by the worker). The indexes the
 * dashboards read through: a school's tips by when they were filed (covering what is counted), the open cases, a
 * school's notices by publication, and the receipts of a notice with the two days a tally counts (so counting them
 * reads the index alone).
 */
export class Oversight1764602400000 implements MigrationInterface {
  name = 'Oversight1764602400000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const day = (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: false });
    await qr.createTable(new Table({
      name: 'semester_calendars',
      columns: [
        c.id(), c.ref('district_id'), c.int('school_year'),
        day('first_starts_on'), day('first_ends_on'), day('second_starts_on'), day('second_ends_on'),
        c.ref('updated_by'), c.datetime('updated_at'),
      ],
      indices: [new TableIndex({ name: 'ux_semester_calendars_district_year', columnNames: ['district_id', 'school_year'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'supervision_flag_acks',
      columns: [
        c.id(), c.ref('district_id'), c.string('flag_key', 100), c.ref('school_id'), c.string('rule', 32), c.string('semester_key', 8),
        c.int('count_at_ack'), c.text('note'), c.ref('acked_by'), c.datetime('acked_at'),
      ],
      indices: [new TableIndex({ name: 'ux_supervision_flag_acks_district_key', columnNames: ['district_id', 'flag_key'], isUnique: true })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'district_dashboard_snapshots',
      columns: [{ name: 'id', type: 'varchar', length: '50', isPrimary: true }, c.ref('district_id'), c.string('semester_key', 8), c.datetime('computed_at'), c.json('body')],
      indices: [new TableIndex({ name: 'ix_district_dashboard_snapshots_district', columnNames: ['district_id'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_tallies',
      columns: [c.id('notice_id'), c.int('recipients'), c.int('read_count'), c.int('acknowledged_count'), c.datetime('counted_at')],
      indices: [new TableIndex({ name: 'ix_notice_tallies_counted', columnNames: ['counted_at'] })],
      ...tableEngineOptions(qr),
    }));
    // A school's tips by when they were filed, carrying every column a dashboard counts or a flag decides on, so a
    // semester of a district is read from the index alone (tip-figures.ts).
    await qr.createIndex('tips', new TableIndex({
      name: 'ix_tips_school_window',
      columnNames: ['school_id', 'submitted_at', 'status', 'escalation_level', 'decision', 'acknowledged_at', 'ack_due_at', 'investigation_due_at', 'decided_at', 'overdue_at', 'category'],
    }));
    // The cases not closed, status first (few among everything a district has had), with what makes them overdue.
    await qr.createIndex('tips', new TableIndex({ name: 'ix_tips_open', columnNames: ['status', 'school_id', 'ack_due_at', 'investigation_due_at', 'overdue_at'] }));
    // The cases found to be bullying, per school and semester (a flag compares two semesters).
    await qr.createIndex('tips', new TableIndex({ name: 'ix_tips_decision', columnNames: ['decision', 'school_id', 'submitted_at'] }));
    // The cases escalated to the district, which a flag lists, with what the flags' rules read.
    await qr.createIndex('tips', new TableIndex({
      name: 'ix_tips_escalation',
      columnNames: ['escalation_level', 'school_id', 'submitted_at', 'status', 'category', 'acknowledged_at', 'investigation_due_at', 'decided_at', 'overdue_at', 'decision'],
    }));
    await qr.createIndex('notices', new TableIndex({ name: 'ix_notices_school_published', columnNames: ['school_id', 'published_at'] }));
    await qr.createIndex('notice_receipts', new TableIndex({ name: 'ix_notice_receipts_notice_read_ack', columnNames: ['notice_id', 'read_on', 'acknowledged_on'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('notice_receipts', 'ix_notice_receipts_notice_read_ack');
    await qr.dropIndex('notices', 'ix_notices_school_published');
    await qr.dropIndex('tips', 'ix_tips_escalation');
    await qr.dropIndex('tips', 'ix_tips_decision');
    await qr.dropIndex('tips', 'ix_tips_open');
    await qr.dropIndex('tips', 'ix_tips_school_window');
    await qr.dropTable('notice_tallies');
    await qr.dropTable('district_dashboard_snapshots');
    await qr.dropTable('supervision_flag_acks');
    await qr.dropTable('semester_calendars');
  }
}
