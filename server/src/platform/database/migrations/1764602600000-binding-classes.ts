import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A binding carries its child's class, and letters, pledges and the class teacher's views reach guardians through
 * it. Until now a roster import that moved a child to another class left the child's bindings on the old class;
 * the import keeps them in step from now on, and this puts right the bindings it left behind.
 */
export class BindingClasses1764602600000 implements MigrationInterface {
  name = 'BindingClasses1764602600000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`UPDATE bindings SET class_id = (SELECT s.class_id FROM students s WHERE s.id = bindings.student_id)
      WHERE EXISTS (SELECT 1 FROM students s WHERE s.id = bindings.student_id AND s.class_id <> bindings.class_id)`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the old classes were wrong.
  }
}
