import { entityRows } from '../../src/platform/database/entity-rows';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { NoticeEntity } from '../../src/features/notices/notice.entity';
import { SessionEntity } from '../../src/features/identity/session.entity';
import { UserEntity } from '../../src/features/identity/user.entity';
import { TestApp } from '../support/test-app';
import { SCHOOL_MORNING } from './notices-helpers';

/**
 * entityRows reads what TypeORM's `find` reads: for every entity of the app, every row of the demo school (its
 * notices, receipts, sessions, pledges, tips and the rest), read both ways on the engine under test, is the same
 * object of the same class — dates as Date, days as strings, JSON parsed, booleans as booleans, transformers applied.
 */
describe('entityRows: the same entities as find, on this engine', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    await t.seedDemo();
    // A few sessions (date columns), one of them ended.
    await t.login('principal', 'a');
    await t.login('teacher', 'a');
    const guardian = await t.login('guardian', 'a');
    expect((await t.request('POST', '/auth/logout', { token: guardian })).status).toBeLessThan(300);
  });
  afterAll(() => t?.stop());

  it('every entity, every row', async () => {
    const m = t.ds.manager;
    const compared: string[] = [];
    for (const metadata of t.ds.entityMetadatas) {
      const order = metadata.primaryColumns;
      const found = await m.find(metadata.target, { order: Object.fromEntries(order.map((c) => [c.propertyName, 'ASC'])) });
      if (!found.length) continue;
      const selected = await entityRows.select(m, metadata.target, '1 = 1', [], `ORDER BY ${order.map((c) => `t.${c.databaseName}`).join(', ')}`);
      expect({ entity: metadata.name, rows: selected }).toStrictEqual({ entity: metadata.name, rows: found });
      compared.push(metadata.name);
    }
    // The reads this is used for, and a wide spread of column types besides.
    expect(compared).toEqual(expect.arrayContaining([NoticeEntity.name, NoticeReceiptEntity.name, SessionEntity.name, UserEntity.name]));
    expect(compared.length).toBeGreaterThanOrEqual(25);
  });

  it('hydrates a joined row by prefix, and an outer join that found nothing as null', async () => {
    const m = t.ds.manager;
    const session = entityRows.reader(m, SessionEntity, 's', 's_');
    const user = entityRows.reader(m, UserEntity, 'u', 'u_');
    const rows: Record<string, unknown>[] = await m.query(`SELECT ${session.columns}, ${user.columns} FROM sessions s LEFT JOIN users u ON u.id = s.user_id ORDER BY s.id`);
    const sessions = await m.find(SessionEntity, { order: { id: 'ASC' } });
    expect(rows.map((r) => session.hydrate(r))).toStrictEqual(sessions);
    const users = await m.find(UserEntity);
    expect(rows.map((r) => user.hydrate(r))).toStrictEqual(sessions.map((s) => users.find((u) => u.id === s.userId)));
    const [none] = await m.query(`SELECT ${user.columns} FROM sessions s LEFT JOIN users u ON u.id = 'nobody' ORDER BY s.id`);
    expect(user.hydrate(none)).toBeNull();
  });
});
