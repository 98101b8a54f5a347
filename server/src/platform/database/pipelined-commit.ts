import type { EntityManager } from 'typeorm';
import { sendWrite, type DirectWrite } from './prepared-query';

/** One write of a pipelined commit: SQL with `?` parameters; `prepared` sends it as a prepared statement (rows carrying a Buffer). */
export interface PipelinedWrite extends DirectWrite {
  /** The rows it must change for the commit to go ahead (any number when absent). */
  expect?: number;
}

/**
 * The last writes of a MariaDB/MySQL transaction, sent back to back and committed when each changed the rows it
 * `expect`s (a multi-row INSERT IGNORE that skipped a taken key did not); otherwise everything the transaction did
 * is rolled back. Returns whether it committed.
 * The transaction must do nothing after this: it has ended either way (inTransaction's own COMMIT or ROLLBACK that
 * follows finds none open and does nothing).
 *
 * Why: written one at a time, each statement waits for the answer to the one before, then for this process to get
 * round to it and turn the next one's parameters into SQL text, while MariaDB has nothing to do. Here the next one
 * is already queued in mysql2, which sends it the moment the one before is answered, and the text of the one after
 * is made while MariaDB runs it (docs/NOTICES.md, "Fan-out (the worker)"). A failure stops the sending.
 *
 * The guard: InnoDB ends the whole transaction when it picks it as a deadlock victim, and statements still queued
 * behind the failed one would then run on their own and commit one by one, cut off from what was rolled back. So
 * `SET autocommit = 0` follows the first write: anything that runs after such an end opens a new transaction
 * instead, which is rolled back below. Setting autocommit back to 1 commits what is open (when all went as
 * expected); it is set back before the connection returns to the pool, and a connection where that fails is closed.
 * A failure (a deadlock included) is thrown after the rollback, so `inTransaction` runs the transaction again.
 */
export async function commitPipelined(m: EntityManager, writes: PipelinedWrite[]): Promise<boolean> {
  const qr = m.queryRunner;
  if (!qr || !qr.isTransactionActive) throw new Error('commitPipelined: call it with the manager of an open transaction');
  if (m.connection.options.type === 'better-sqlite3') throw new Error('commitPipelined: MariaDB/MySQL only');
  if (!writes.length) throw new Error('commitPipelined: nothing to write');
  // Two in flight at most: when MariaDB answers one, mysql2 starts the next at once, and the one after it is turned into
  // SQL text while MariaDB runs that one (an answer's continuation runs after mysql2 has started the next). Texts of a
  // few hundred kilobytes each, all made up front, outlived young collections and made each cost twice as much. The
  // guard comes right behind the first write, the only one that can end the transaction before the guard is in place.
  const sequence = [writes[0], { sql: 'SET autocommit = 0', params: [] }, ...writes.slice(1)];
  const answers: Promise<number>[] = [];
  let failed: { reason: unknown } | undefined;
  try {
    for (let i = 0; i < sequence.length && !failed; i++) {
      if (i >= 2) await answers[i - 2].catch((reason: unknown) => { failed = { reason }; });
      if (!failed) answers.push((await sendWrite(qr, sequence[i])).answer);
    }
  } catch (e) {
    // A subscriber refused a statement (the write guard): what was sent already is rolled back like a failure.
    failed = { reason: e };
  }
  const settled = await Promise.allSettled(answers);
  failed ??= settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const affected = settled.map((s) => (s.status === 'fulfilled' ? s.value : 0));
  affected.splice(1, 1);
  const commit = !failed && writes.every((w, i) => w.expect === undefined || affected[i] === w.expect);
  try {
    if (!commit) await qr.query('ROLLBACK');
    await qr.query('SET autocommit = 1');
  } catch (e) {
    // Possibly left with autocommit off: never back into the pool.
    ((await qr.connect()) as { destroy(): void }).destroy();
    throw e;
  }
  if (failed) throw failed.reason;
  return commit;
}
