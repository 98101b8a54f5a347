import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Shares1764600900000 } from '../../src/platform/database/migrations/1764600900000-shares';
import { migrated, migrationsBefore } from '../support/migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The share-card migration on a database with users in it (both engines): plain-text session keys are cleared. */
describe('migration Shares1764600900000 on existing rows', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('clears session keys stored as WeChat gave them, keeps sealed ones, and creates the share tables', async () => {
    ds = await migrated(db, migrationsBefore(1764600900000));
    const [plain, sealed, none] = [randomUUID(), randomUUID(), randomUUID()];
    for (const [id, key] of [[plain, 'c2Vzc2lvbi1rZXktcGxhaW4='], [sealed, 'wsk1.0123456789ab.AAAA'], [none, null]] as const) {
      await ds.query('INSERT INTO users (id, openid, unionid, display_name, wx_session_key, is_demo, disabled, created_on) VALUES (?, ?, NULL, ?, ?, 0, 0, ?)',
        [id, `o-${id}`, '用户', key, '2030-02-03']);
    }
    await ds.destroy();

    ds = await migrated(db, [Shares1764600900000]);
    const rows: Array<{ id: string; wx_session_key: string | null }> = await ds.query('SELECT id, wx_session_key FROM users');
    const keyOf = (id: string) => rows.find((r) => r.id === id)!.wx_session_key;
    expect([keyOf(plain), keyOf(sealed), keyOf(none)]).toEqual([null, 'wsk1.0123456789ab.AAAA', null]);
    for (const table of ['shares', 'share_groups', 'share_opens']) expect(await ds.query(`SELECT * FROM ${table}`)).toEqual([]);
  });
});
