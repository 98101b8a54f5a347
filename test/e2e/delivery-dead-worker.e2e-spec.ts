import { holdSendsAfter, lastAcceptedAt, lastRecordedSentAt, snapshotAfterKill } from './support/crash-figures';
import { allowWechat, signIn } from './support/consent';
import { deliverySuite, duplicates } from './support/delivery-db';
import { describeOnEngines, startServer, waitFor } from './support/server-process';

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
 * Two servers share the delivery work; one is killed with kill -9 mid-burst and stays down. The survivor takes
 * over the dead one's rows as soon as its heartbeat stops (not after their lease), re-sending at most the sends
 * the dead one had in flight, and a message enqueued after the kill arrives soon after it.
 */
describeOnEngines(['sqlite', 'mariadb'], 'a worker killed mid-burst while another survives', (engine) => {
  const suite = deliverySuite(engine);

  it('the survivor takes over at once: nothing lost, re-sends only of the dead worker\'s sends in flight, long before the lease', async () => {
    const env = { DATABASE_URL: suite.db.url, ANXIN_DATA_DIR: suite.db.dataDir, WECHAT_API_BASE: suite.fake.url, WECOM_API_BASE: suite.fake.url, ANXIN_OUTBOX_LEASE_MS: String(LEASE_MS) };
    suite.servers.push(await startServer({ env }));
    const [victim] = suite.servers;
    // The recipients log in and allow test messages twice, so a re-send is accepted like the first send (see the
    // crash test): the duplicates counted are every re-send WeChat would let through. Then the survivor starts.
    const users = await signIn(victim.url!, `dead-${engine}`, BURST + 1);
    await allowWechat(victim.url!, suite.fake, users, ['test.message'], 2);
    suite.servers.push(await startServer({ env }));
    // The kill below waits for 20 accepted sends; from the 25th on sends are held, so it always lands mid-send.
    holdSendsAfter(suite.fake, 24);
    await suite.data.enqueue('burst', users.slice(0, BURST).map((u) => u.id));
    // Both take part before the kill, and the victim holds a send in flight when it dies (a starved worker may be
    // between its lanes' last answers and its next claim).
    const pid = victim.proc.pid!;
    const lockers = async () => (await suite.data.ds.query(`SELECT DISTINCT locked_by FROM outbox WHERE locked_by IS NOT NULL`)).length;
    const victimSending = async () => (await suite.data.ds.query(`SELECT id FROM outbox WHERE status = 'sending' AND locked_by LIKE '%:${pid}:%'`)).length;
    await waitFor(
      async () => suite.fake.delivered().length >= 20 && (suite.fake.stats().subscribe ?? 0) > 24 && (await lockers()) === 2 && (await victimSending()) > 0,
      async () => `${suite.fake.delivered().length} delivered, ${await lockers()} workers, ${await victimSending()} sending at the victim`,
    );
    await victim.kill9();
    const at = await snapshotAfterKill(suite.data, suite.fake, Date.now(), (workerId) => workerId.includes(`:${pid}:`));
    suite.fake.clearFaults();
    await suite.data.enqueue('after-kill', [users[BURST].id]);

    expect(at.inFlight.length).toBeGreaterThan(0);
    expect(at.inFlight.length).toBeLessThanOrEqual(8);
    await waitFor(async () => ((await suite.data.counts()).sent ?? 0) === BURST + 1, async () => JSON.stringify(await suite.data.counts()), 90_000);

    const ids = await suite.data.ids();
    const d = duplicates(suite.fake.delivered().map((m) => m.idempotencyKey));
    expect(d.distinct).toBe(BURST + 1);
    expect(d.duplicated.every((id) => at.inFlight.includes(id))).toBe(true);
    const [newId]: { id: string }[] = await suite.data.ds.query(`SELECT id FROM outbox WHERE dedupe_key LIKE 'after-kill:%'`);
    const newAfter = lastAcceptedAt(suite.fake, [newId.id])! - at.killedAt;
    const strandedAfter = (await lastRecordedSentAt(suite.data, at.inFlight))! - at.killedAt;
    const allAfter = lastAcceptedAt(suite.fake, ids)! - at.killedAt;
    process.stdout.write(`[${engine}] kill -9, survivor: dead worker's sends in flight ${at.inFlight.length}, duplicates ${d.duplicated.length}; ` +
      `new message ${newAfter} ms after the kill, dead worker's rows sent again ${strandedAfter} ms, whole burst ${allAfter} ms\n`);
    expect(newAfter).toBeLessThan(LONG_BEFORE_THE_LEASE_MS);
    expect(strandedAfter).toBeLessThan(LONG_BEFORE_THE_LEASE_MS);
    expect(allAfter).toBeLessThan(LONG_BEFORE_THE_LEASE_MS);
  });
});
