import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The children of some classes of a school (`school_id = ? AND class_id IN (…)`: a pledge's completion counts them per
 * class; its missing lists, ledger and reminders read them) were found through `ix_students_class` and then read row
 * by row to check the school: at 3,000 children about 7 ms of MariaDB per completion request. With the school and
 * the class in one index the count reads the index alone (about 2 ms; docs/BENCHMARKS.md).
 */
export class StudentsSchoolClassIndex1764604100000 implements MigrationInterface {
  name = 'StudentsSchoolClassIndex1764604100000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('students', new TableIndex({ name: 'ix_students_school_class', columnNames: ['school_id', 'class_id'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('students', 'ix_students_school_class');
  }
}
