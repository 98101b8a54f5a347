import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/** Identity, tenancy (district → school → grade → class → student), bindings and the audit chain. */
export class IdentityTenancyAudit1764400000000 implements MigrationInterface {
  name = 'IdentityTenancyAudit1764400000000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const engine = tableEngineOptions(qr);
    const create = (name: string, cols: ReturnType<typeof c.id>[], indices: TableIndex[] = []) =>
      qr.createTable(new Table({ name, columns: cols, indices, ...engine }));

    await create('users', [
      c.id(), c.string('openid', 64), c.string('unionid', 64, true), c.string('display_name', 64),
      c.string('wx_session_key', 128, true), c.bool('is_demo'), c.bool('disabled'), c.datetime('created_at'),
    ], [new TableIndex({ name: 'uq_users_openid', columnNames: ['openid'], isUnique: true })]);

    await create('sessions', [
      c.id(), c.string('token_hash', 64), c.ref('user_id'), c.datetime('created_at'), c.datetime('last_seen_at'),
      c.datetime('expires_at'), c.datetime('revoked_at', true),
    ], [
      new TableIndex({ name: 'uq_sessions_token', columnNames: ['token_hash'], isUnique: true }),
      new TableIndex({ name: 'ix_sessions_user', columnNames: ['user_id'] }),
    ]);

    await create('consents', [
      c.id(), c.ref('user_id'), c.string('kind', 32), c.string('version', 32), c.ref('student_id', true), c.datetime('created_at'),
    ], [new TableIndex({ name: 'ix_consents_user_kind', columnNames: ['user_id', 'kind'] })]);

    await create('districts', [c.id(), c.string('name', 100), c.string('code', 32), c.datetime('created_at')],
      [new TableIndex({ name: 'uq_districts_code', columnNames: ['code'], isUnique: true })]);

    await create('schools', [
      c.id(), c.ref('district_id'), c.string('name', 100), c.ref('contact_user_id', true), c.string('contact_name', 50, true),
      c.string('contact_phone', 30, true), c.json('settings', true), c.datetime('created_at'),
    ], [new TableIndex({ name: 'ix_schools_district', columnNames: ['district_id'] })]);

    await create('grades', [c.id(), c.ref('school_id'), c.string('name', 50), c.int('sort', false, 0)],
      [new TableIndex({ name: 'uq_grades_school_name', columnNames: ['school_id', 'name'], isUnique: true })]);

    await create('classes', [c.id(), c.ref('school_id'), c.ref('grade_id'), c.string('name', 50)], [
      new TableIndex({ name: 'uq_classes_grade_name', columnNames: ['grade_id', 'name'], isUnique: true }),
      new TableIndex({ name: 'ix_classes_school', columnNames: ['school_id'] }),
    ]);

    await create('students', [
      c.id(), c.ref('school_id'), c.ref('class_id'), c.string('name', 50), c.string('student_no', 40, true),
      c.string('gender', 1, true), c.datetime('created_at'), c.datetime('updated_at'),
    ], [
      new TableIndex({ name: 'uq_students_school_no', columnNames: ['school_id', 'student_no'], isUnique: true }),
      new TableIndex({ name: 'ix_students_class', columnNames: ['class_id'] }),
    ]);

    await create('roster_guardians', [
      c.id(), c.ref('school_id'), c.ref('student_id'), c.string('name', 50, true), c.string('relation', 20, true), c.string('phone_hash', 64),
    ], [new TableIndex({ name: 'uq_roster_guardians_student_phone', columnNames: ['student_id', 'phone_hash'], isUnique: true })]);

    await create('staff_roles', [
      c.id(), c.ref('user_id'), c.ref('school_id', true), c.ref('district_id', true), c.string('role', 32), c.datetime('created_at'),
    ], [
      new TableIndex({ name: 'uq_staff_roles', columnNames: ['user_id', 'school_id', 'district_id', 'role'], isUnique: true }),
      new TableIndex({ name: 'ix_staff_roles_school', columnNames: ['school_id'] }),
      new TableIndex({ name: 'ix_staff_roles_district', columnNames: ['district_id'] }),
    ]);

    await create('teacher_classes', [c.id(), c.ref('user_id'), c.ref('class_id'), c.ref('school_id'), c.bool('is_head')], [
      new TableIndex({ name: 'uq_teacher_classes', columnNames: ['user_id', 'class_id'], isUnique: true }),
      new TableIndex({ name: 'ix_teacher_classes_class', columnNames: ['class_id'] }),
    ]);

    await create('invite_codes', [
      c.id(), c.string('code', 16), c.ref('school_id'), c.ref('class_id'), c.ref('created_by'), c.datetime('created_at'), c.datetime('revoked_at', true),
    ], [
      new TableIndex({ name: 'uq_invite_codes_code', columnNames: ['code'], isUnique: true }),
      new TableIndex({ name: 'ix_invite_codes_class', columnNames: ['class_id'] }),
    ]);

    await create('bindings', [
      c.id(), c.ref('guardian_user_id'), c.ref('student_id'), c.ref('class_id'), c.ref('school_id'), c.string('relation', 20),
      c.string('status', 16), c.bool('auto_approved'), c.ref('decided_by', true), c.datetime('decided_at', true),
      c.string('reject_reason', 200, true), c.datetime('created_at'),
    ], [
      new TableIndex({ name: 'uq_bindings_guardian_student', columnNames: ['guardian_user_id', 'student_id'], isUnique: true }),
      new TableIndex({ name: 'ix_bindings_student', columnNames: ['student_id'] }),
      new TableIndex({ name: 'ix_bindings_class', columnNames: ['class_id'] }),
    ]);

    await create('audit_entries', [
      c.serial(), c.ref('school_id'), c.int('seq'), c.datetime('at'), c.ref('actor_user_id', true), c.string('actor_role', 32, true),
      c.string('action', 64), c.string('target_type', 32, true), c.ref('target_id', true), c.json('details'),
      c.string('prev_hash', 64), c.string('hash', 64),
    ], [new TableIndex({ name: 'uq_audit_entries_school_seq', columnNames: ['school_id', 'seq'], isUnique: true })]);

    await create('audit_heads', [
      { name: 'school_id', type: 'varchar', length: '36', isPrimary: true }, c.int('last_seq'), c.string('last_hash', 64),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['audit_heads', 'audit_entries', 'bindings', 'invite_codes', 'teacher_classes', 'staff_roles', 'roster_guardians',
      'students', 'classes', 'grades', 'schools', 'districts', 'consents', 'sessions', 'users']) {
      await qr.dropTable(t);
    }
  }
}
