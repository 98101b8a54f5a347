import { startFakeWechat, type FakeWechat } from '../fakes/wechat';
import { holdSendsAfter, lastAcceptedAt, lastRecordedSentAt, sendsOnTheWire, snapshotAfterKill } from './support/crash-figures';
import { allowWechat, signIn } from './support/consent';
import { createTestDatabase, DeliveryDb, duplicates, type TestDatabase } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor, type ServerProcess } from './support/server-process';

/**
 * The lease a claimed row keeps before another worker may take it, set long here: the killed worker's rows must be
 * taken over because it is known dead (restart, or its heartbeat stopped), never because their lease ran out, and a
 * bound far below the lease tells the two apart on any machine. How soon it happens (the goal is 15 s) is a figure,
 * printed and recorded in docs/DELIVERY.md, not asserted: a timed assertion fails on a loaded machine.
 */
const LEASE_MS = 600_000;
const LONG_BEFORE_THE_LEASE_MS = 120_000;
const BURST = 100;

/**
 * kill -9 of the server in the middle of a burst, at the default worker settings (concurrency 8) but a long lease,
 * then a restart: no message is lost; WeChat sees a second copy only of sends that were in flight at the kill
 * (subscribe/send has no idempotency key: each copy reaches a person); the killed worker's rows do not wait for
 * their lease; and a message enqueued after the kill arrives soon after the restart.
 */
describeOnEngines(['sqlite', 'mariadb'], 'server killed mid-burst, then restarted', (engine) => {
  let fake: FakeWechat;
  let db: TestDatabase;
  let data: DeliveryDb;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    fake = await startFakeWechat();
    db = await createTestDatabase(engine);
    data = await DeliveryDb.open(db.url);
  });
  afterAll(async () => {
    await server?.stop();
    await data?.close();
    await db?.drop();
    await fake?.close();
  });

  it('loses nothing, re-sends at most the sends in flight at the kill, and does not wait for the lease', async () => {
    // Worker settings are the defaults: the figures are those of a real deployment.
    const env = { DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url, ANXIN_OUTBOX_LEASE_MS: String(LEASE_MS) };
    server = await startServer({ env });
    // The recipients log in through WeChat and allow test messages twice (in WeChat, and reported by the app): a
    // re-send after the kill is then accepted like the first send, as for anyone with consent to spare, so the
    // duplicates counted below are every re-send WeChat would let through.
    const users = await signIn(server.url!, `crash-${engine}`, BURST + 1);
    await allowWechat(server.url!, fake, users, ['test.message'], 2);
    // The kill below waits for 20 accepted sends; from the 25th on sends are held, so it always lands mid-send…
    holdSendsAfter(fake, 24);
    await data.enqueue('burst', users.slice(0, BURST).map((u) => u.id));
    // …and only once a held send is on the wire (the 25th call on), so the kill cannot fall between claims.
    await waitFor(() => fake.delivered().length >= 20 && (fake.stats().subscribe ?? 0) > 24 && sendsOnTheWire(fake) > 0, () => `${fake.delivered().length} delivered, ${sendsOnTheWire(fake)} on the wire`);
    await server.kill9();
    const at = await snapshotAfterKill(data, fake, Date.now());
    fake.clearFaults();

    // Only the sends truly in flight are held as `sending` (not the whole claimed batch)…
    expect(at.inFlight.length).toBeGreaterThan(0);
    expect(at.inFlight.length).toBeLessThanOrEqual(8);
    // …and every send WeChat accepted but the database had not recorded is one of them.
    const unrecorded = [...at.accepted].filter((id) => !at.sent.has(id));
    expect(unrecorded.every((id) => at.inFlight.includes(id))).toBe(true);

    // A new tip's alert, enqueued while no server runs.
    await data.enqueue('after-kill', [users[BURST].id]);
    server = await startServer({ env });
    await waitFor(async () => ((await data.counts()).sent ?? 0) === BURST + 1, async () => JSON.stringify(await data.counts()), 90_000);

    const ids = await data.ids();
    const d = duplicates(fake.delivered().map((m) => m.idempotencyKey));
    expect(d.distinct).toBe(BURST + 1);
    expect(d.duplicated.every((id) => at.inFlight.includes(id))).toBe(true);
    expect([...new Set(fake.delivered().map((m) => m.idempotencyKey))].sort()).toEqual(ids.sort());
    const [newId]: { id: string }[] = await data.ds.query(`SELECT id FROM outbox WHERE dedupe_key LIKE 'after-kill:%'`);
    const newAfter = lastAcceptedAt(fake, [newId.id])! - at.killedAt;
    const allAfter = lastAcceptedAt(fake, ids)! - at.killedAt;
    const strandedAfter = (await lastRecordedSentAt(data, at.inFlight))! - at.killedAt;
    process.stdout.write(`[${engine}] kill -9 + restart: in flight at kill ${at.inFlight.length}, accepted but unrecorded ${unrecorded.length}, ` +
      `duplicates ${d.duplicated.length}; new message ${newAfter} ms after the kill, rows in flight sent again ${strandedAfter} ms, whole burst ${allAfter} ms\n`);
    expect(newAfter).toBeLessThan(LONG_BEFORE_THE_LEASE_MS);
    expect(strandedAfter).toBeLessThan(LONG_BEFORE_THE_LEASE_MS);
    expect(allAfter).toBeLessThan(LONG_BEFORE_THE_LEASE_MS);
  });
});
