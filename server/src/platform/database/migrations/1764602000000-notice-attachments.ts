import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Files attached to notices (PDFs, and pictures re-encoded without metadata) and their encrypted bytes in chunks of at
 * most 1 MiB. A notice's attachments are read by notice (the editor's list, the guardian's page, the count limit).
 */
export class NoticeAttachments1764602000000 implements MigrationInterface {
  name = 'NoticeAttachments1764602000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    await qr.createTable(new Table({
      name: 'notice_attachments',
      columns: [
        c.id(), c.ref('notice_id'), c.ref('school_id'), c.ref('key_id'), c.string('kind', 8), c.string('mime', 32), c.string('label', 100),
        c.int('size'), c.int('width', true), c.int('height', true), c.string('sha256', 64), c.ref('created_by'), c.datetime('created_at'),
      ],
      indices: [new TableIndex({ name: 'ix_notice_attachments_notice', columnNames: ['notice_id'] })],
      ...tableEngineOptions(qr),
    }));
    await qr.createTable(new Table({
      name: 'notice_attachment_chunks',
      columns: [{ ...c.ref('attachment_id'), isPrimary: true }, { name: 'seq', type: 'int', isPrimary: true }, c.blob('data')],
      ...tableEngineOptions(qr),
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('notice_attachment_chunks');
    await qr.dropTable('notice_attachments');
  }
}
