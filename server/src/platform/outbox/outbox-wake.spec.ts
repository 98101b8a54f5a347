import type { DataSource, EntityManager, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { markOutboxEnqueued, OutboxCommitSubscriber, onOutboxCommitted } from './outbox-wake';

function fakeTransaction() {
  const ds = {} as DataSource;
  const qr = { data: {}, isTransactionActive: true } as { data: Record<string, unknown>; isTransactionActive: boolean };
  const manager = { queryRunner: qr } as unknown as EntityManager;
  const event = { connection: ds, queryRunner: qr as unknown as QueryRunner, manager } as TransactionCommitEvent & TransactionRollbackEvent;
  return { ds, qr, manager, event };
}

describe('outbox wake on commit', () => {
  const subscriber = new OutboxCommitSubscriber();

  it('tells the listeners once the outermost transaction that enqueued has committed, and only once', () => {
    const { ds, qr, manager, event } = fakeTransaction();
    const listener = jest.fn();
    const off = onOutboxCommitted(ds, listener);
    markOutboxEnqueued(manager);
    // A released savepoint is not a commit: the rows are not visible to others yet.
    subscriber.afterTransactionCommit(event);
    expect(listener).not.toHaveBeenCalled();
    qr.isTransactionActive = false;
    subscriber.afterTransactionCommit(event);
    expect(listener).toHaveBeenCalledTimes(1);
    // The query runner is reused (SQLite): the next commit that enqueued nothing wakes nobody.
    subscriber.afterTransactionCommit(event);
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('forgets the mark when the transaction rolls back', () => {
    const { ds, qr, manager, event } = fakeTransaction();
    const listener = jest.fn();
    const off = onOutboxCommitted(ds, listener);
    markOutboxEnqueued(manager);
    qr.isTransactionActive = false;
    subscriber.afterTransactionRollback(event);
    subscriber.afterTransactionCommit(event);
    expect(listener).not.toHaveBeenCalled();
    off();
  });

  it('a commit without outbox rows, or on another data source, wakes nobody; unsubscribed listeners are not called', () => {
    const a = fakeTransaction();
    const b = fakeTransaction();
    const listener = jest.fn();
    const off = onOutboxCommitted(a.ds, listener);
    a.qr.isTransactionActive = false;
    subscriber.afterTransactionCommit(a.event);
    markOutboxEnqueued(b.manager);
    b.qr.isTransactionActive = false;
    subscriber.afterTransactionCommit(b.event);
    expect(listener).not.toHaveBeenCalled();
    off();
    markOutboxEnqueued(a.manager);
    subscriber.afterTransactionCommit(a.event);
    expect(listener).not.toHaveBeenCalled();
  });
});
