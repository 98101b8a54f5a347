import { QueryFailedError, type QueryRunner } from 'typeorm';

/** What mysql2 answers to a write, on either protocol. */
interface WriteResult {
  affectedRows?: number;
}

type Callback = (err: Error | null, result: WriteResult) => void;

interface Mysql2Connection {
  query(sql: string, params: unknown[], callback: Callback): void;
  execute(sql: string, params: unknown[], callback: Callback): void;
}

/** A write handed to mysql2 directly; `prepared` sends it as a prepared statement (the binary protocol). */
export interface DirectWrite {
  sql: string;
  params: unknown[];
  prepared?: boolean;
}

/**
 * Runs a write on MariaDB/MySQL as a prepared statement (mysql2's binary protocol) through `qr`'s connection, and
 * returns the rows it changed. For statements carrying images: the text protocol sends a Buffer as hexadecimal SQL
 * text, twice its size, built as one JavaScript string per statement (a megabyte of images made a two-megabyte string
 * that V8 keeps in its old generation until a full collection) and parsed back by the server; the binary protocol
 * sends the bytes as they are from a buffer outside the heap. mysql2 keeps each connection's prepared statements
 * (bounded by the pool's `maxPreparedStatements`).
 */
export async function executePrepared(qr: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  return (await sendWrite(qr, { sql, params, prepared: true })).answer;
}

/**
 * Hands `write` to mysql2 on `qr`'s connection and returns at once with its answer still to come (the rows it changed;
 * wrapped, as an async function returning the promise itself would wait for it). mysql2 sends it now if the
 * connection is idle, else queues it behind what was handed over before (`commitPipelined`). Logged and announced to
 * the subscribers (the test suite's write guard) first, as TypeORM's own `query` does; a failure is a QueryFailedError
 * like any other statement's.
 */
export async function sendWrite(qr: QueryRunner, write: DirectWrite): Promise<{ answer: Promise<number> }> {
  const connection = (await qr.connect()) as Mysql2Connection;
  const logger = qr.connection.logger;
  logger.logQuery(write.sql, write.params, qr);
  await qr.broadcaster.broadcast('BeforeQuery', write.sql, write.params);
  const answer = new Promise<number>((resolve, reject) => {
    const done: Callback = (err, result) => {
      if (!err) return resolve(Number(result.affectedRows ?? 0));
      logger.logQueryError(err, write.sql, write.params, qr);
      reject(new QueryFailedError(write.sql, write.params, err));
    };
    if (write.prepared) connection.execute(write.sql, write.params, done);
    else connection.query(write.sql, write.params, done);
  });
  // Observed here; the caller awaits it (a failure left unawaited while others are sent is not an unhandled rejection).
  answer.catch(() => undefined);
  return { answer };
}
