import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columns } from '../portable-columns';

/**
 * Corrections of published notices and the principal's review: a correction is a notice of its own that names the
 * one it corrects (`correction_of`, unique: a notice is corrected once, so the chain has one latest) with the note of
 * what changed; the corrected notice points at it (`corrected_by`). The principal's decision on a notice WeChat's
 * content check marked `review` (keep or recall), by whom, when, and their note.
 */
export class NoticeCorrections1764602100000 implements MigrationInterface {
  name = 'NoticeCorrections1764602100000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.addColumns('notices', [
      new TableColumn(c.ref('correction_of', true)),
      new TableColumn(c.ref('corrected_by', true)),
      new TableColumn(c.string('correction_note', 255, true)),
      new TableColumn(c.string('review_decision', 16, true)),
      new TableColumn(c.string('review_note', 255, true)),
      new TableColumn(c.ref('reviewed_by', true)),
      new TableColumn(c.datetime('reviewed_at', true)),
    ]);
    await qr.createIndex('notices', new TableIndex({ name: 'ux_notices_correction_of', columnNames: ['correction_of'], isUnique: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('notices', 'ux_notices_correction_of');
    for (const column of ['reviewed_at', 'reviewed_by', 'review_note', 'review_decision', 'correction_note', 'corrected_by', 'correction_of']) {
      await qr.dropColumn('notices', column);
    }
  }
}
