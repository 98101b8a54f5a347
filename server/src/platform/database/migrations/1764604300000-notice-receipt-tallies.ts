import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columns } from '../portable-columns';

/**
 * `notice_receipts.tallied` (a bit per figure the class counts hold of the receipt: delivered 1, read 2, confirmed 4,
 * signed 8, answered 16, acknowledged 32) and `tally_due` (a guardian's change whose counts and seal leaf are written
 * behind it), with the index that finds the due receipts of a notice, or of all. Existing receipts are counted
 * already, so their bits are set from their columns.
 */
export class NoticeReceiptTallies1764604300000 implements MigrationInterface {
  name = 'NoticeReceiptTallies1764604300000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumn('notice_receipts', new TableColumn(c.int('tallied', false, 0)));
    await qr.addColumn('notice_receipts', new TableColumn(c.bool('tally_due')));
    await qr.query(`UPDATE notice_receipts SET tallied = (CASE WHEN delivered = 1 THEN 1 ELSE 0 END) + (CASE WHEN read_on IS NOT NULL THEN 2 ELSE 0 END)
      + (CASE WHEN confirmed_on IS NOT NULL THEN 4 ELSE 0 END) + (CASE WHEN signed_on IS NOT NULL THEN 8 ELSE 0 END)
      + (CASE WHEN answered_on IS NOT NULL THEN 16 ELSE 0 END) + (CASE WHEN acknowledged_on IS NOT NULL THEN 32 ELSE 0 END)`);
    await qr.createIndex('notice_receipts', new TableIndex({ name: 'ix_notice_receipts_tally_due', columnNames: ['tally_due', 'notice_id'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('notice_receipts', 'ix_notice_receipts_tally_due');
    await qr.dropColumn('notice_receipts', 'tally_due');
    await qr.dropColumn('notice_receipts', 'tallied');
  }
}
