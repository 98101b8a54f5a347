import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PledgeSignatureImageEntity } from '../../src/features/pledges/pledge-signature-image.entity';
import { insertManyIgnoringDuplicates } from '../../src/platform/database/insert-many';
import { inTransaction } from '../../src/platform/database/transaction';
import { statementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { families, SCHOOL_MORNING } from './notices-helpers';
import { signBody } from './pledges-helpers';

/**
 * Rows carrying images go to MariaDB/MySQL as prepared statements (the bytes as they are, not as hexadecimal SQL
 * text), a statement holding about a megabyte of them; the bytes read back unchanged on both engines, and a duplicate
 * key is still skipped.
 */
describe('bulk inserts of images', () => {
  let t: TestApp;
  let signatureIds: string[];

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    const ids = await t.seedDemo();
    const principal = await t.login('principal', 'a');
    const pledge = (await t.request('GET', `/schools/${ids.a.schoolId}/pledges`, { token: principal })).body.items[0];
    signatureIds = [];
    for (const f of await families(t, ids.a.schoolId, [ids.a.classIds[0]], 2)) {
      const res = await t.request('POST', `/pledges/${pledge.id}/signatures`, { token: f.guardian.token, body: await signBody(f.child.id, pledge.currentVersion) });
      expect(res.status).toBe(201);
      signatureIds.push(res.body.id);
    }
    // The children's parts are inserted again below (the test's own write, not the app's).
    await t.ds.query(`DELETE FROM pledge_signature_images WHERE part = 'student' AND signature_id IN (?, ?)`, signatureIds);
  });
  afterAll(() => t?.stop());

  /** The connection's count of prepared statements executed (MariaDB/MySQL), read on the transaction's own connection. */
  const executed = async (m: EntityManager) => Number((await m.query("SHOW SESSION STATUS LIKE 'Com_stmt_execute'"))[0].Value);

  it('sends each megabyte of images as one prepared statement and stores the bytes unchanged', async () => {
    const mariadb = t.ds.options.type !== 'better-sqlite3';
    const [first, second] = signatureIds;
    const stored = await t.ds.getRepository(PledgeSignatureImageEntity).findOneByOrFail({ signatureId: first, part: 'guardian' });
    const images = [randomBytes(700 * 1024), randomBytes(700 * 1024)];
    const row = (signatureId: string, part: 'guardian' | 'student', data: Buffer) => ({
      signatureId, part, schoolId: stored.schoolId, keyId: stored.keyId, data, sha256: 'x'.repeat(64), width: 10, height: 10, size: data.length,
    });
    const log = statementLog(t.ds);
    log.start();
    const { inserted, prepared } = await inTransaction(t.ds, async (m) => {
      const before = mariadb ? await executed(m) : 0;
      const n = await insertManyIgnoringDuplicates(m, PledgeSignatureImageEntity, [
        // The guardian's part exists already: skipped, the stored image untouched.
        row(first, 'guardian', randomBytes(64)), row(first, 'student', images[0]), row(second, 'student', images[1]),
      ]);
      return { inserted: n, prepared: mariadb ? (await executed(m)) - before : null };
    });
    const inserts = log.stop().filter((s) => /^INSERT/i.test(s));
    expect(inserted).toBe(2);
    // 64 bytes + 700 KB in the first statement; the second image would pass a megabyte, so it has its own.
    expect(inserts).toHaveLength(2);
    if (mariadb) expect(prepared).toBe(2);

    const read = async (signatureId: string, part: string) => (await t.ds.getRepository(PledgeSignatureImageEntity).findOneByOrFail({ signatureId, part: part as 'student' })).data;
    expect((await read(first, 'student')).equals(images[0])).toBe(true);
    expect((await read(second, 'student')).equals(images[1])).toBe(true);
    expect((await read(first, 'guardian')).equals(stored.data)).toBe(true);
  });
});
