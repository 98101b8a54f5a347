import { sep } from 'node:path';
import type { BeforeQueryEvent, EntitySubscriberInterface } from 'typeorm';
import { EventSubscriber } from 'typeorm';
import { writeIsTransactional } from './transaction';

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
/** Frames of the server's own code (sources under Jest, the build in a real process), not of its tests or of TypeORM. */
const APP_FRAME = new RegExp(`\\${sep}server\\${sep}(src|dist)\\${sep}`);

/**
 * Installed on the app's data source under NODE_ENV=test: an INSERT, UPDATE or DELETE that the server's code
 * issues outside `inTransaction` (or through another connection than the transaction's) throws instead of running.
 * On SQLite such a write lands in whatever transaction holds the one connection and is undone by its rollback; on
 * MariaDB it commits apart from the change it belongs to. Writes a test makes itself to set up its data, with no
 * server code on the stack, are let through.
 */
@EventSubscriber()
export class TransactionWriteGuard implements EntitySubscriberInterface {
  beforeQuery(event: BeforeQueryEvent<unknown>): void {
    if (!WRITE.test(event.query) || writeIsTransactional(event.connection, event.queryRunner)) return;
    const stack = callerStack();
    if (!stack.some((line) => APP_FRAME.test(line))) return;
    throw new Error(`write outside inTransaction: ${event.query.slice(0, 120)}\n${stack.filter((l) => APP_FRAME.test(l)).join('\n')}`);
  }
}

function callerStack(): string[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  try {
    return (new Error().stack ?? '').split('\n').slice(2).filter((l) => !l.includes(`${sep}write-guard.`));
  } finally {
    Error.stackTraceLimit = limit;
  }
}
