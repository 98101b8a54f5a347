import { randomUUID } from 'node:crypto';
import { DayGranularIdentity1764600000000 } from '../../src/platform/database/migrations/1764600000000-day-granular-identity';
import { migrationOnRows } from '../support/migrations';

/**
 * The migration that turns identity times into days runs on a database with users, sessions, consents, read inbox
 * items and old rate counters in it (both engines): each time becomes its UTC day, no time column is left, and counters named
 * under the old master-key derivation are gone.
 */
describe('migration DayGranularIdentity1764600000000 on existing rows', () => {
  const onRows = migrationOnRows(DayGranularIdentity1764600000000);

  it('keeps each row and its day, drops the times, and empties the old counters', async () => {
    let ds = await onRows.before();
    const [userId, sessionId, consentId] = [randomUUID(), randomUUID(), randomUUID()];
    await ds.query('INSERT INTO users (id, openid, unionid, display_name, wx_session_key, is_demo, disabled, created_at) VALUES (?, ?, NULL, ?, NULL, 0, 0, ?)',
      [userId, 'o-legacy', '老用户', '2030-02-03 23:59:58.123']);
    await ds.query('INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      [sessionId, 'a'.repeat(64), userId, '2030-02-03 23:59:58.200', '2030-02-10 08:01:02.000', '2030-04-04 23:59:58.200']);
    await ds.query('INSERT INTO consents (id, user_id, kind, version, student_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
      [consentId, userId, 'privacy_guide', '2026-11', '2030-02-04 00:00:01.000']);
    const inboxId = randomUUID();
    await ds.query('INSERT INTO inbox_items (id, user_id, school_id, outbox_id, dedupe_key, template, title, body, page, created_at, read_at) VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, NULL, ?, ?)',
      [inboxId, userId, 'k1', 't', '标题', '内容', '2030-02-01 09:00:00.000', '2030-02-03 23:59:59.999']);
    await ds.query('INSERT INTO tip_rate_counters (bucket, count, expires_at) VALUES (?, 3, ?)', ['tip.submit:legacy:1', '2030-02-04 01:00:00.000']);

    ds = await onRows.after();
    const day = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
    const [user] = await ds.query('SELECT * FROM users WHERE id = ?', [userId]);
    expect(Object.keys(user)).not.toContain('created_at');
    expect(day(user.created_on)).toBe('2030-02-03');
    const [session] = await ds.query('SELECT * FROM sessions WHERE id = ?', [sessionId]);
    expect(Object.keys(session).sort()).toEqual(['created_on', 'expires_on', 'id', 'last_seen_on', 'revoked_on', 'token_hash', 'user_id']);
    expect([day(session.created_on), day(session.last_seen_on), day(session.expires_on), session.revoked_on]).toEqual(['2030-02-03', '2030-02-10', '2030-04-04', null]);
    const [consent] = await ds.query('SELECT * FROM consents WHERE id = ?', [consentId]);
    expect(Object.keys(consent)).not.toContain('created_at');
    expect(day(consent.given_on)).toBe('2030-02-04');
    const [inbox] = await ds.query('SELECT * FROM inbox_items WHERE id = ?', [inboxId]);
    expect(Object.keys(inbox)).not.toContain('read_at');
    expect(day(inbox.read_on)).toBe('2030-02-03');
    expect(await ds.query('SELECT * FROM tip_rate_counters')).toEqual([]);
    expect(await ds.query('SELECT * FROM tip_rate_keys')).toEqual([]);
    expect(await ds.query('SELECT * FROM security_events')).toEqual([]);
    // The indexes survived (SQLite rebuilds the table to change columns), and the new columns are NOT NULL where they must be.
    await expect(ds.query('INSERT INTO sessions (id, token_hash, user_id, created_on, last_seen_on, expires_on) VALUES (?, ?, ?, ?, ?, ?)',
      [randomUUID(), 'a'.repeat(64), userId, '2030-02-03', '2030-02-03', '2030-04-04'])).rejects.toThrow();
    await expect(ds.query('INSERT INTO users (id, openid, display_name, is_demo, disabled, created_on) VALUES (?, ?, ?, 0, 0, NULL)', [randomUUID(), 'o-x', 'x'])).rejects.toThrow();
  });
});
