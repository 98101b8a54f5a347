import { QueryFailedError, type QueryRunner } from 'typeorm';

/** What mysql2's binary protocol answers to a write. */
interface WriteResult {
  affectedRows: number;
}

interface Mysql2Connection {
  execute(sql: string, params: unknown[], callback: (err: Error | null, result: WriteResult) => void): void;
}

/**
 * Runs a write on MariaDB/MySQL as a prepared statement (mysql2's binary protocol) through `qr`'s connection, and
 * returns the rows it changed. For statements carrying images: the text protocol sends a Buffer as hexadecimal SQL
 * text, twice its size, built as one JavaScript string per statement (a megabyte of images made a two-megabyte string
 * that V8 keeps in its old generation until a full collection) and parsed back by the server; the binary protocol
 * sends the bytes as they are from a buffer outside the heap. Logged and announced to the subscribers (the test
 * suite's write guard) as TypeORM's own `query` does; a failure is a QueryFailedError like any other statement's.
 * mysql2 keeps each connection's prepared statements (bounded by the pool's `maxPreparedStatements`).
 */
export async function executePrepared(qr: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  const connection = (await qr.connect()) as Mysql2Connection;
  const logger = qr.connection.logger;
  logger.logQuery(sql, params, qr);
  await qr.broadcaster.broadcast('BeforeQuery', sql, params);
  return new Promise((resolve, reject) => {
    connection.execute(sql, params, (err, result) => {
      if (err) {
        logger.logQueryError(err, sql, params, qr);
        reject(new QueryFailedError(sql, params, err));
        return;
      }
      resolve(Number(result.affectedRows ?? 0));
    });
  });
}
