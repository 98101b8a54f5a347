import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns, tableEngineOptions } from '../portable-columns';

/**
 * Urgent call-down (紧急呼叫): the SMS and calls the outbox made (`telephony_calls`, found by Tencent's id when a
 * callback comes), a school's interval, urgent list and duty roster, the district duty phone, and each tip's
 * call-down with its steps. Phones are stored encrypted, beside their masked form.
 */
export class UrgentCallDown1764602900000 implements MigrationInterface {
  name = 'UrgentCallDown1764602900000';

  async up(qr: QueryRunner): Promise<void> {
    const c = columns(qr);
    const engine = tableEngineOptions(qr);
    await qr.createTable(new Table({
      name: 'telephony_calls',
      columns: [
        c.id(), c.ref('outbox_id'), c.string('dedupe_key', 191), c.string('channel', 8), c.ref('school_id', true),
        c.string('provider_id', 100, true), c.string('status', 16), c.string('last_error', 120, true),
        c.datetime('created_at'), c.datetime('updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'ix_telephony_calls_provider', columnNames: ['channel', 'provider_id'] }),
        new TableIndex({ name: 'ix_telephony_calls_dedupe', columnNames: ['dedupe_key'] }),
      ],
      ...engine,
    }));
    await qr.createTable(new Table({
      name: 'urgent_settings',
      columns: [c.id('school_id'), c.int('step_minutes'), c.datetime('updated_at')],
      ...engine,
    }));
    await qr.createTable(new Table({
      name: 'urgent_contacts',
      columns: [
        c.id(), c.ref('school_id'), c.int('position'), c.string('kind', 16), c.string('name', 40), c.ref('user_id', true),
        c.text('phone_enc'), c.string('phone_masked', 24),
      ],
      indices: [new TableIndex({ name: 'ix_urgent_contacts_school', columnNames: ['school_id', 'position'] })],
      ...engine,
    }));
    await qr.createTable(new Table({
      name: 'urgent_duty_shifts',
      columns: [
        c.id(), c.ref('school_id'), c.int('position'), c.string('name', 40), c.ref('user_id', true), c.text('phone_enc'),
        c.string('phone_masked', 24), c.string('weekdays', 16), c.string('day', 10, true), c.string('start_time', 5), c.string('end_time', 5),
      ],
      indices: [new TableIndex({ name: 'ix_urgent_duty_shifts_school', columnNames: ['school_id', 'position'] })],
      ...engine,
    }));
    await qr.createTable(new Table({
      name: 'district_duty_phones',
      columns: [c.id('district_id'), c.string('name', 40), c.text('phone_enc'), c.string('phone_masked', 24), c.datetime('updated_at')],
      ...engine,
    }));
    await qr.createTable(new Table({
      name: 'urgent_call_downs',
      columns: [
        c.id(), c.ref('tip_id'), c.ref('school_id'), c.string('reason', 16), c.string('status', 16), c.int('next_tick'),
        c.int('step_minutes'), c.bool('telephony'), c.text('targets_enc'), c.int('target_count'), c.datetime('started_at'),
        c.datetime('acknowledged_at', true), c.string('acknowledged_via', 8, true),
      ],
      indices: [new TableIndex({ name: 'uq_urgent_call_downs_tip', columnNames: ['tip_id'], isUnique: true })],
      ...engine,
    }));
    await qr.createTable(new Table({
      name: 'urgent_call_down_steps',
      columns: [
        c.id(), c.ref('call_down_id'), c.int('tick'), c.int('target_index'), c.string('channel', 8), c.string('person_label', 60),
        c.string('phone_masked', 24, true), c.string('outcome', 16), c.string('dedupe_key', 191), c.datetime('at'), c.datetime('updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'ix_urgent_call_down_steps_call_down', columnNames: ['call_down_id', 'tick'] }),
        new TableIndex({ name: 'uq_urgent_call_down_steps_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
      ],
      ...engine,
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['urgent_call_down_steps', 'urgent_call_downs', 'district_duty_phones', 'urgent_duty_shifts', 'urgent_contacts', 'urgent_settings', 'telephony_calls']) {
      await qr.dropTable(t);
    }
  }
}
