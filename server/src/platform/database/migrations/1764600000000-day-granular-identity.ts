import { MigrationInterface, QueryRunner, Table, TableColumn, type TableColumnOptions } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

const date = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'date', isNullable });

/** datetime column → the DATE column that replaces it (nullable while it is filled). */
const DAY_COLUMNS: Record<string, { from: string; to: string; nullable?: boolean }[]> = {
  users: [{ from: 'created_at', to: 'created_on' }],
  consents: [{ from: 'created_at', to: 'given_on' }],
  sessions: [
    { from: 'created_at', to: 'created_on' },
    { from: 'last_seen_at', to: 'last_seen_on' },
    { from: 'expires_at', to: 'expires_on' },
    { from: 'revoked_at', to: 'revoked_on', nullable: true },
  ],
  inbox_items: [{ from: 'read_at', to: 'read_on', nullable: true }],
};

/**
 * Anonymity against timestamps. Users, sessions, consents and the read mark of inbox items keep UTC days instead of
 * times (DATE columns, so not even 00:00 is stored); staff logins get a security log of their own, counted per day, outside the schools'
 * audit chains; rate-limit counters are keyed by a random key per day kept in `tip_rate_keys` and deleted after
 * the day. Counters written under the old master-key-derived names are deleted: they could be recomputed.
 * Rows keep their day (an absolute expiry becomes the start of its day, so no session lives longer).
 */
export class DayGranularIdentity1764600000000 implements MigrationInterface {
  name = 'DayGranularIdentity1764600000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    for (const [table, cols] of Object.entries(DAY_COLUMNS)) {
      await qr.addColumns(table, cols.map((x) => new TableColumn(date(x.to, true))));
      await qr.query(`UPDATE ${table} SET ${cols.map((x) => `${x.to} = DATE(${x.from})`).join(', ')}`);
      const required = cols.filter((x) => !x.nullable);
      const t = (await qr.getTable(table))!;
      await qr.changeColumns(table, required.map((x) => ({ oldColumn: t.findColumnByName(x.to)!, newColumn: new TableColumn(date(x.to)) })));
      await qr.dropColumns(table, cols.map((x) => x.from));
    }

    await qr.createTable(new Table({
      name: 'security_events',
      columns: [
        { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'event', type: 'varchar', length: '32', isPrimary: true },
        { ...date('day'), isPrimary: true },
        c.int('count'),
      ],
      ...tableEngineOptions(qr),
    }));

    await qr.createTable(new Table({
      name: 'tip_rate_keys',
      columns: [{ ...date('day'), isPrimary: true }, c.string('secret', 64)],
      ...tableEngineOptions(qr),
    }));
    await qr.query('DELETE FROM tip_rate_counters');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('tip_rate_keys');
    await qr.dropTable('security_events');
    const c = columns(qr);
    for (const [table, cols] of Object.entries(DAY_COLUMNS)) {
      await qr.addColumns(table, cols.map((x) => new TableColumn({ ...c.datetime(x.from, true) })));
      await qr.query(`UPDATE ${table} SET ${cols.map((x) => `${x.from} = ${x.to}`).join(', ')}`);
      const t = (await qr.getTable(table))!;
      await qr.changeColumns(table, cols.filter((x) => !x.nullable).map((x) => ({ oldColumn: t.findColumnByName(x.from)!, newColumn: new TableColumn(c.datetime(x.from)) })));
      await qr.dropColumns(table, cols.map((x) => x.to));
    }
  }
}
