import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

const FIGURES = ['recipients', 'delivered', 'read_count', 'confirmed', 'signed', 'answered', 'acknowledged', ...Array.from({ length: 10 }, (_, i) => `a${i}`)];

/** The SQL of each figure over a receipt `r`, counted by `count(cond)` (as the migration's day left it). */
function figureColumns(count: (cond?: string) => string): string {
  const conds = [undefined, 'r.delivered = 1', 'r.read_on IS NOT NULL', 'r.confirmed_on IS NOT NULL', 'r.signed_on IS NOT NULL', 'r.answered_on IS NOT NULL',
    'r.acknowledged_on IS NOT NULL', ...Array.from({ length: 10 }, (_, i) => `r.answer_choices LIKE '%,${i},%'`)];
  return FIGURES.map((f, i) => `${count(conds[i])} AS ${f}`).join(', ');
}

/**
 * The per-class summary of notice receipts (`notice_class_counts`, one row per notice and class and a totals row with
 * class id ''), and the receipt's `delivered` (WeChat accepted its message, or it was read). Existing receipts are
 * marked and counted here, so the summary starts equal to a recount.
 */
export class NoticeClassCounts1764603800000 implements MigrationInterface {
  name = 'NoticeClassCounts1764603800000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumn('notice_receipts', new TableColumn(c.bool('delivered')));
    await qr.createTable(new Table({
      name: 'notice_class_counts', ...tableEngineOptions(qr),
      columns: [{ ...c.ref('notice_id'), isPrimary: true }, { ...c.ref('class_id'), isPrimary: true }, ...FIGURES.map((f) => c.int(f, false, 0))],
    }));
    await qr.query(`UPDATE notice_receipts SET delivered = 1 WHERE read_on IS NOT NULL
      OR EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = notice_receipts.message_key AND o.status = 'sent')`);
    const cols = `notice_id, class_id, ${FIGURES.join(', ')}`;
    await qr.query(`INSERT INTO notice_class_counts (${cols}) SELECT rs.notice_id, rs.class_id,
      ${figureColumns((cond) => (cond ? `COUNT(DISTINCT CASE WHEN ${cond} THEN r.id END)` : 'COUNT(DISTINCT r.id)'))}
      FROM notice_receipt_students rs JOIN notice_receipts r ON r.id = rs.receipt_id GROUP BY rs.notice_id, rs.class_id`);
    await qr.query(`INSERT INTO notice_class_counts (${cols}) SELECT r.notice_id, '',
      ${figureColumns((cond) => (cond ? `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)` : 'COUNT(*)'))} FROM notice_receipts r GROUP BY r.notice_id`);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('notice_class_counts');
    await qr.dropColumn('notice_receipts', 'delivered');
  }
}
