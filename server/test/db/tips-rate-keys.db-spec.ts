import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmacHex, subkey } from '../../src/platform/crypto/aes-gcm';
import { counterBucket } from '../../src/features/tips/tip-rate-limiter';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { TestApp } from '../support/test-app';
import { dumpAllTables, submitTip, tipBody } from './tips-helpers';

const HOUR = 3_600_000;
const KINDS = ['tip.submit', 'tip.upload', 'tip.followup.fail', 'tip.followup.school', 'tip.followup.msg'];

/**
 * Rate-limit counters are named by HMAC(subject) under a random key per UTC day, kept in tip_rate_keys so every
 * instance shares it, and deleted by the worker once the day is over. After that, the database (every table, and
 * the SQLite file's bytes) together with the master key cannot recompute whose counter a row was: not a user's,
 * and not an address's by trying every address.
 */
describe('rate-limit keys: random per day, destroyed after the day', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.stop());

  it('after the day rolls over and the worker runs, no key remains and no surviving material recomputes a counter', async () => {
    t.clock.set(new Date('2031-06-01T08:00:00.000Z'));
    const ids = await t.seedDemo();
    const schoolId = ids.a.schoolId;
    const day = '2031-06-10';
    const at = new Date(`${day}T15:20:00.000Z`);
    t.clock.set(at);
    const student = await t.login('student');
    const ADDRESS = '203.0.113.9';
    expect((await submitTip(t, tipBody(schoolId), { token: student })).status).toBe(201);
    expect((await submitTip(t, tipBody(schoolId), { remoteAddress: ADDRESS })).status).toBe(201);

    const subjects = [`user:${ids.a.userIds.student}`, `addr:${ADDRESS}`];
    const keys = await t.ds.query('SELECT * FROM tip_rate_keys');
    expect(keys).toHaveLength(1);
    const dayKey = Buffer.from(keys[0].secret, 'hex');
    expect(dayKey).toHaveLength(32);
    // Control: during the day the key does name the counters (one tip each).
    const buckets = subjects.map((s) => counterBucket(dayKey, 'tip.submit', s, HOUR, at));
    const counters = await t.ds.query('SELECT bucket, count FROM tip_rate_counters');
    for (const bucket of buckets) expect(counters).toContainEqual({ bucket, count: 1 });
    // Even now, the master key and the date do not name them (the old derivation).
    const masterKey = t.config.masterKey;
    const derived = (s: string) => `tip.submit:${hmacHex(subkey(masterKey, `daily:tip.submit:${day}`), s)}:${Math.floor(at.getTime() / HOUR)}`;
    for (const s of subjects) expect(counters.map((c: any) => c.bucket)).not.toContain(derived(s));

    // The day is over; the worker runs.
    t.clock.set(new Date('2031-06-11T00:00:05.000Z'));
    await t.get(WorkerService).tick();
    expect(await t.ds.query('SELECT * FROM tip_rate_keys')).toEqual([]);

    // Every table, raw: the key is nowhere, and nothing left in it (nor the master key) rebuilds a counter's name.
    const dump = await dumpAllTables(t);
    const everything = Object.values(dump).join('\n');
    expect(everything).not.toContain(keys[0].secret);
    const candidates: Buffer[] = [masterKey, ...KINDS.map((k) => subkey(masterKey, `daily:${k}:${day}`))];
    for (const hex of everything.match(/[0-9a-f]{64}/gi) ?? []) candidates.push(Buffer.from(hex, 'hex'));
    for (const b64 of everything.match(/[A-Za-z0-9+/_-]{43}=?/g) ?? []) candidates.push(Buffer.from(b64, 'base64'));
    expect(candidates.length).toBeGreaterThan(10); // control: the dump holds hashes and keys to try
    const rebuilt = new Set<string>();
    for (const k of candidates) {
      for (const s of subjects) {
        rebuilt.add(counterBucket(k, 'tip.submit', s, HOUR, at));
        rebuilt.add(`tip.submit:${hmacHex(k, s)}:${Math.floor(at.getTime() / HOUR)}`);
      }
    }
    for (const bucket of buckets) expect(rebuilt.has(bucket)).toBe(false);

    if (t.db.engine === 'sqlite') {
      await t.ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const files = readdirSync(t.db.dataDir).filter((f) => f.startsWith('test.db'));
      const bytes = Buffer.concat(files.map((f) => readFileSync(join(t.db.dataDir, f))));
      expect(bytes.includes(Buffer.from('demo:student'))).toBe(true); // control: the file was read
      expect(bytes.includes(Buffer.from(keys[0].secret))).toBe(false);
    }
  });

  it('instances share one key per day: simultaneous first hits of a new day create exactly one', async () => {
    const ids = await t.seedDemo();
    const day = '2031-07-01';
    const at = new Date(`${day}T00:00:30.000Z`);
    t.clock.set(at);
    const addresses = Array.from({ length: 8 }, (_, i) => `198.51.100.${i + 1}`);
    const results = await Promise.all(addresses.map((a) => submitTip(t, tipBody(ids.a.schoolId), { remoteAddress: a })));
    expect(results.map((r) => r.status)).toEqual(addresses.map(() => 201));
    const keys = await t.ds.query('SELECT * FROM tip_rate_keys WHERE day = ?', [day]);
    expect(keys).toHaveLength(1);
    const dayKey = Buffer.from(keys[0].secret, 'hex');
    const counters = (await t.ds.query('SELECT bucket, count FROM tip_rate_counters')).map((c: any) => c.bucket);
    for (const a of addresses) expect(counters).toContain(counterBucket(dayKey, 'tip.submit', `addr:${a}`, HOUR, at));
  });
});
