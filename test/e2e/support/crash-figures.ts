import { In } from 'typeorm';
import { OutboxEntity } from '../../../server/src/platform/outbox/outbox.entity';
import type { FakeWechat } from '../../fakes/wechat';
import type { DeliveryDb } from './delivery-db';

/** The outbox as it was the moment a worker process was killed. */
export interface KillSnapshot {
  /** When the kill returned (ms since epoch). */
  killedAt: number;
  /** Rows the killed worker(s) held as `sending`: the sends truly in flight, the only candidates for a re-send. */
  inFlight: string[];
  /** Rows recorded as sent. */
  sent: Set<string>;
  /** Rows the fake had accepted once the sends on the wire had landed. */
  accepted: Set<string>;
}

/**
 * Reads the outbox right after a kill -9. Sends already on the wire when the process died are answered by the
 * fake a little later; `settleMs` lets them land before the fake's count is compared with the database.
 */
export async function snapshotAfterKill(data: DeliveryDb, fake: FakeWechat, killedAt: number, lockedBy: (workerId: string) => boolean = () => true, settleMs = 300): Promise<KillSnapshot> {
  const rows: { id: string; status: string; locked_by: string | null }[] = await data.ds.query('SELECT id, status, locked_by FROM outbox');
  await new Promise((r) => setTimeout(r, settleMs));
  return {
    killedAt,
    inFlight: rows.filter((r) => r.status === 'sending' && r.locked_by && lockedBy(r.locked_by)).map((r) => r.id),
    sent: new Set(rows.filter((r) => r.status === 'sent').map((r) => r.id)),
    accepted: new Set(fake.delivered().map((m) => m.idempotencyKey).filter((k): k is string => !!k)),
  };
}

/** When the fake accepted the last of `ids` (ms since epoch); null while one has not arrived. */
export function lastAcceptedAt(fake: FakeWechat, ids: string[]): number | null {
  const first = new Map<string, number>();
  for (const m of fake.delivered()) if (m.idempotencyKey && !first.has(m.idempotencyKey)) first.set(m.idempotencyKey, Date.parse(m.at));
  let last = 0;
  for (const id of ids) {
    const at = first.get(id);
    if (at === undefined) return null;
    last = Math.max(last, at);
  }
  return last;
}

/** When the last of `ids` was recorded as sent (ms since epoch, the workers' clock); null while one is not. */
export async function lastRecordedSentAt(data: DeliveryDb, ids: string[]): Promise<number | null> {
  const rows = await data.ds.getRepository(OutboxEntity).find({ where: { id: In(ids) }, select: { id: true, sentAt: true } });
  if (rows.length < ids.length || rows.some((r) => !r.sentAt)) return null;
  return Math.max(...rows.map((r) => r.sentAt!.getTime()));
}

/**
 * Subscribe calls the fake has received and not yet answered: sends on the wire, whose rows the worker holds as
 * `sending`. A kill is meaningful only while there is one (a starved worker may have finished its lanes and not yet
 * committed its next claim, so "20 accepted" alone does not mean anything is in flight).
 */
export function sendsOnTheWire(fake: FakeWechat): number {
  return (fake.stats().subscribe ?? 0) - fake.messages().filter((m) => m.endpoint === 'subscribe').length;
}

/**
 * Makes a kill land while sends are in flight, however slow this machine is at that moment: the first `fast`
 * subscribe calls are answered after 100 ms (as WeChat under load), every later one is held 3 s. A test that kills
 * once it has seen fewer than `fast` accepted therefore always kills with sends on the wire (a 100 ms answer alone
 * let a starved test process see the whole burst finish before its kill). `fake.clearFaults()` after the kill makes
 * new calls quick again; calls already held still take their 3 s.
 */
export function holdSendsAfter(fake: FakeWechat, fast: number): void {
  fake.injectFault({ endpoint: 'subscribe', fault: { type: 'delay', ms: 100 }, count: fast });
  fake.injectFault({ endpoint: 'subscribe', fault: { type: 'delay', ms: 3000 }, forMs: 600_000 });
}
