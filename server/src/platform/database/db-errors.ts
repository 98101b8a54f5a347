/** Recognising database errors the same way on SQLite and MariaDB/MySQL. */

type DbError = { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };

/** Unique-key violation (a concurrent duplicate insert). */
export function isDuplicateKey(e: unknown): boolean {
  const err = e as DbError;
  const codes = [err?.code, err?.driverError?.code];
  return codes.includes('ER_DUP_ENTRY') || codes.includes('SQLITE_CONSTRAINT_UNIQUE') || codes.includes('SQLITE_CONSTRAINT_PRIMARYKEY')
    || err?.errno === 1062 || err?.driverError?.errno === 1062;
}

/** InnoDB chose this transaction as a deadlock victim (errno 1213): running it again is safe. */
export function isDeadlock(e: unknown): boolean {
  const err = e as DbError;
  const errno = err?.driverError?.errno ?? err?.errno;
  const code = err?.driverError?.code ?? err?.code;
  return errno === 1213 || code === 'ER_LOCK_DEADLOCK';
}
