import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { Clock } from '../../src/platform/common/clock/clock';
import { createLogger } from '../../src/platform/common/logging/logger';
import { inTransaction } from '../../src/platform/database/transaction';
import { ScheduledActionEntity } from '../../src/platform/scheduler/scheduled-action.entity';
import { MAX_ACTION_ATTEMPTS, SchedulerService } from '../../src/platform/scheduler/scheduler.service';
import type { DueAction } from '../../src/platform/scheduler/scheduler.types';
import { TestApp } from '../support/test-app';

const HOUR = 3600_000;

describe('scheduler (real database)', () => {
  let t: TestApp;
  let peer: NestFastifyApplication | null = null;
  let a: SchedulerService;
  let b: SchedulerService;
  let clockB: Clock;
  const fired: { by: string; action: DueAction }[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    a = t.get(SchedulerService);
    if (t.db.engine === 'mariadb') {
      // A second server instance on the same database: its own pool, its own scheduler, its own clock.
      peer = (await createApp(t.config, { logger: createLogger('silent'), docsUi: false })).app;
      await peer.init();
      b = peer.get(SchedulerService);
      clockB = peer.get(Clock);
    } else {
      // SQLite has one writer per process: a second scheduler shares the connection, like a second worker loop.
      b = a;
      clockB = t.clock;
    }
    const record = (by: string) => async (m: any, action: DueAction) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        await m.query('UPDATE scheduled_actions SET payload = ? WHERE id = ?', [JSON.stringify({ written: 'by a failed run' }), action.id]);
        throw new Error('handler failed');
      }
      // The handler's own write commits with "fired".
      await m.query('UPDATE scheduled_actions SET last_error = ? WHERE id = ?', [`handled by ${by}`, action.id]);
      fired.push({ by, action });
    };
    a.registerHandler('test.deadline', record('a'));
    if (b !== a) b.registerHandler('test.deadline', record('b'));
  });
  afterAll(async () => {
    await peer?.close();
    await t?.stop();
  });
  beforeEach(() => {
    fired.length = 0;
    t.clock.reset();
    clockB.reset();
  });

  const schedule = (subjectId: string, dueAt: Date, key = `deadline:${subjectId}`) =>
    inTransaction(t.ds, (m) => a.schedule(m, {
      action: 'test.deadline', subjectType: 'tip', subjectId, schoolId: null, dueAt, payload: { level: 1 }, dedupeKey: key,
    }));
  const row = (key: string) => t.ds.getRepository(ScheduledActionEntity).findOneOrFail({ where: { dedupeKey: key } });

  it('fires each due action exactly once across two instances after the clock moves', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids) await schedule(id, new Date(Date.now() + 3 * HOUR));
    // Not due yet.
    expect(await a.fireDue()).toBe(0);
    t.clock.advance(3 * HOUR + 1000);
    clockB.advance(3 * HOUR + 1000);
    const counts = await Promise.all([a.fireDue(), b.fireDue(), a.fireDue(), b.fireDue()]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(20);
    expect(fired.map((f) => f.action.subjectId).sort()).toEqual([...ids].sort());
    expect(new Set(fired.map((f) => f.action.id)).size).toBe(20);
    expect(fired[0].action.payload).toEqual({ level: 1 });
    const rows = await t.ds.getRepository(ScheduledActionEntity).find({ where: { action: 'test.deadline' } });
    expect(rows.every((r) => r.status === 'fired' && r.firedAt && r.lastError?.startsWith('handled by'))).toBe(true);
    // Nothing fires twice afterwards.
    expect(await a.fireDue()).toBe(0);
    expect(await b.fireDue()).toBe(0);
  });

  it('scheduling the same key twice keeps one action; a cancelled action does not fire', async () => {
    const s1 = randomUUID();
    const s2 = randomUUID();
    await schedule(s1, new Date(Date.now() + HOUR));
    await schedule(s1, new Date(Date.now() + 2 * HOUR));
    await schedule(s2, new Date(Date.now() + HOUR));
    expect(await t.ds.getRepository(ScheduledActionEntity).count({ where: { subjectId: s1 } })).toBe(1);
    await inTransaction(t.ds, (m) => a.cancel(m, 'tip', s2));
    t.clock.advance(3 * HOUR);
    expect(await a.fireDue()).toBe(1);
    expect(fired.map((f) => f.action.subjectId)).toEqual([s1]);
    expect((await row(`deadline:${s2}`)).status).toBe('cancelled');
    // Cancelled and scheduled again: pending again, fires at the new time.
    await schedule(s2, new Date(t.clock.now().getTime() + HOUR));
    expect(await a.fireDue()).toBe(0);
    t.clock.advance(HOUR + 1000);
    expect(await a.fireDue()).toBe(1);
    expect(fired.map((f) => f.action.subjectId)).toEqual([s1, s2]);
  });

  it('a failing handler rolls back its writes, is retried later and fires once it succeeds', async () => {
    const s = randomUUID();
    await schedule(s, new Date(Date.now() - 1000));
    failuresLeft = 1;
    expect(await a.fireDue()).toBe(0);
    let r = await row(`deadline:${s}`);
    expect(r).toMatchObject({ status: 'pending', attempts: 1, lastError: 'handler failed', firedAt: null, payload: { level: 1 } });
    expect(r.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(await a.fireDue()).toBe(0); // backing off
    t.clock.advance(HOUR);
    expect(await a.fireDue()).toBe(1);
    r = await row(`deadline:${s}`);
    expect(r.status).toBe('fired');
  });

  it('gives up after the maximum number of attempts', async () => {
    const s = randomUUID();
    await schedule(s, new Date(Date.now() - 1000));
    failuresLeft = MAX_ACTION_ATTEMPTS;
    for (let i = 0; i < MAX_ACTION_ATTEMPTS; i++) {
      t.clock.advance(HOUR);
      await a.fireDue();
    }
    expect(await row(`deadline:${s}`)).toMatchObject({ status: 'failed', attempts: MAX_ACTION_ATTEMPTS });
    expect(fired).toHaveLength(0);
    failuresLeft = 0;
  });

  it('an action without a handler is not marked fired', async () => {
    await inTransaction(t.ds, (m) => a.schedule(m, {
      action: 'test.unknown', subjectType: 'tip', subjectId: 'x', schoolId: null, dueAt: new Date(Date.now() - 1), dedupeKey: 'unknown:x',
    }));
    await a.fireDue();
    expect(await row('unknown:x')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'no handler registered for action test.unknown' });
  });
});
