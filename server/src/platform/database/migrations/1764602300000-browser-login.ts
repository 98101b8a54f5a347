import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Signing in on a desktop browser by scanning a code: sessions say whether they are a phone's or a browser's (and
 * which browser), and `qr_logins` holds each code while it lives: hashes of its scene and poll token, its state, who
 * scanned or confirmed it (cleared once the browser has its session), the browser's summary and coarse network, and
 * when it expires. Ended codes are deleted a few minutes after they expire.
 */
export class BrowserLogin1764602300000 implements MigrationInterface {
  name = 'BrowserLogin1764602300000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumns('sessions', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '16', isNullable: false, default: "'phone'" }),
      new TableColumn(c.string('client', 64, true)),
    ]);
    await qr.createTable(new Table({
      name: 'qr_logins',
      columns: [
        c.id(), c.string('scene_hash', 64), c.string('poll_hash', 64), c.string('status', 16), c.string('refusal', 16, true),
        c.ref('user_id', true), c.string('browser', 64), c.string('location', 64), c.datetime('expires_at'),
      ],
      ...tableEngineOptions(qr),
    }));
    await qr.createIndex('qr_logins', new TableIndex({ name: 'uq_qr_logins_scene', columnNames: ['scene_hash'], isUnique: true }));
    await qr.createIndex('qr_logins', new TableIndex({ name: 'ix_qr_logins_expires', columnNames: ['expires_at'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('qr_logins');
    await qr.dropColumn('sessions', 'client');
    await qr.dropColumn('sessions', 'kind');
  }
}
