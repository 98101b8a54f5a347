import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columns } from '../portable-columns';

/**
 * `notice_receipts.answer_erased_hash`: when the retention rule erases a receipt's 回执 answer, the hash the receipt's
 * seal covered is kept here, so the sealed proof still verifies the row without the answer.
 */
export class NoticeAnswerErasure1764603900000 implements MigrationInterface {
  name = 'NoticeAnswerErasure1764603900000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('notice_receipts', new TableColumn(columns(qr).string('answer_erased_hash', 64, true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('notice_receipts', 'answer_erased_hash');
  }
}
