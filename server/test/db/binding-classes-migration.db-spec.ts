import { randomUUID } from 'node:crypto';
import { BindingClasses1764602600000 } from '../../src/platform/database/migrations/1764602600000-binding-classes';
import { migrationOnRows } from '../support/migrations';

/**
 * The binding-classes migration on a database where a roster import moved a child before imports kept bindings in
 * step (both engines): the moved child's bindings follow it to its class; other bindings are untouched.
 */
describe('migration BindingClasses1764602600000 on existing rows', () => {
  const onRows = migrationOnRows(BindingClasses1764602600000);

  it('moves the bindings of a child whose class changed, and only those', async () => {
    let ds = await onRows.before();
    const school = randomUUID();
    const [oldClass, newClass] = [randomUUID(), randomUUID()];
    const [moved, stayed] = [randomUUID(), randomUUID()];
    const at = '2026-11-30 00:00:00.000';
    for (const [id, cls] of [[moved, newClass], [stayed, oldClass]]) {
      await ds.query('INSERT INTO students (id, school_id, class_id, name, student_no, gender, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?)', [id, school, cls, '王小明', at, at]);
    }
    const bindings = { mother: randomUUID(), father: randomUUID(), other: randomUUID() };
    const bind = (id: string, student: string, relation: string) => ds.query(
      `INSERT INTO bindings (id, guardian_user_id, student_id, class_id, school_id, relation, status, auto_approved, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'approved', 0, ?)`, [id, randomUUID(), student, oldClass, school, relation, at],
    );
    await bind(bindings.mother, moved, 'mother');
    await bind(bindings.father, moved, 'father');
    await bind(bindings.other, stayed, 'mother');

    ds = await onRows.after();
    const classOf = async (id: string) => (await ds.query('SELECT class_id FROM bindings WHERE id = ?', [id]))[0].class_id;
    expect(await classOf(bindings.mother)).toBe(newClass);
    expect(await classOf(bindings.father)).toBe(newClass);
    expect(await classOf(bindings.other)).toBe(oldClass);
  });
});
