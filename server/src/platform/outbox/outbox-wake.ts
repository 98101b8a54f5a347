import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { EventSubscriber } from 'typeorm';

/** Key on `queryRunner.data`: this transaction wrote outbox rows to deliver. */
const ENQUEUED = 'anxin.outboxEnqueued';

type Listener = () => void;
const listeners = new WeakMap<DataSource, Set<Listener>>();

/** Called by `OutboxService.enqueue`: once this transaction commits, the listeners of its DataSource are told. */
export function markOutboxEnqueued(m: EntityManager): void {
  const qr = m.queryRunner;
  if (qr) qr.data[ENQUEUED] = true;
}

/**
 * `listener` runs after every commit that enqueued outbox rows on `ds` (the rows are visible then). Returns
 * the unsubscribe function. Listeners must be cheap and must not throw: they run inside the committing
 * `ds.transaction` call (the worker's only sets a flag or starts a tick).
 */
export function onOutboxCommitted(ds: DataSource, listener: Listener): () => void {
  let set = listeners.get(ds);
  if (!set) listeners.set(ds, (set = new Set()));
  set.add(listener);
  return () => set!.delete(listener);
}

/**
 * Tells the listeners (the in-process worker) when a transaction that enqueued outbox rows has committed, so
 * delivery starts at once instead of at the next poll. Only the outermost commit counts (a released savepoint
 * is not a commit); the mark is cleared on commit and on rollback, because SQLite reuses its one query runner.
 */
@EventSubscriber()
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const qr = event.queryRunner;
    if (qr.isTransactionActive || !qr.data?.[ENQUEUED]) return;
    delete qr.data[ENQUEUED];
    for (const listener of listeners.get(event.connection) ?? []) listener();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const qr = event.queryRunner;
    if (!qr.isTransactionActive && qr.data) delete qr.data[ENQUEUED];
  }
}
