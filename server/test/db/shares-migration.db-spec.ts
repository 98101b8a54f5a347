import { randomUUID } from 'node:crypto';
import { Shares1764600900000 } from '../../src/platform/database/migrations/1764600900000-shares';
import { migrationOnRows } from '../support/migrations';

/** The share-card migration on a database with users in it (both engines): plain-text session keys are cleared. */
describe('migration Shares1764600900000 on existing rows', () => {
  const onRows = migrationOnRows(Shares1764600900000);

  it('clears session keys stored as WeChat gave them, keeps sealed ones, and creates the share tables', async () => {
    let ds = await onRows.before();
    const [plain, sealed, none] = [randomUUID(), randomUUID(), randomUUID()];
    for (const [id, key] of [[plain, 'c2Vzc2lvbi1rZXktcGxhaW4='], [sealed, 'wsk1.0123456789ab.AAAA'], [none, null]] as const) {
      await ds.query('INSERT INTO users (id, openid, unionid, display_name, wx_session_key, is_demo, disabled, created_on) VALUES (?, ?, NULL, ?, ?, 0, 0, ?)',
        [id, `o-${id}`, '用户', key, '2030-02-03']);
    }

    ds = await onRows.after();
    const rows: Array<{ id: string; wx_session_key: string | null }> = await ds.query('SELECT id, wx_session_key FROM users');
    const keyOf = (id: string) => rows.find((r) => r.id === id)!.wx_session_key;
    expect([keyOf(plain), keyOf(sealed), keyOf(none)]).toEqual([null, 'wsk1.0123456789ab.AAAA', null]);
    for (const table of ['shares', 'share_groups', 'share_opens']) expect(await ds.query(`SELECT * FROM ${table}`)).toEqual([]);
  });
});
