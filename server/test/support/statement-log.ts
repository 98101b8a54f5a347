import type { DataSource, Logger, QueryRunner } from 'typeorm';

/** The SQL statements the app hands to the driver while recording (BEGIN and COMMIT included, as TypeORM logs them). */
export interface StatementLog {
  /** Starts a new recording. */
  start(): void;
  /** Ends the recording and returns its statements, in order. */
  stop(): string[];
  /** Ends the recording and returns its statements with their parameters (to EXPLAIN one as the app sent it). */
  stopWithParameters(): { sql: string; parameters: unknown[] }[];
}

/** Wraps the data source's logger so that a test can count the statements a request makes. */
export function statementLog(ds: DataSource): StatementLog {
  let seen: { sql: string; parameters: unknown[] }[] | null = null;
  const logger = ds.logger;
  const counting: Logger = {
    logQuery: (query: string, parameters?: unknown[], qr?: QueryRunner) => {
      seen?.push({ sql: query.replace(/\s+/g, ' '), parameters: parameters ?? [] });
      return logger.logQuery(query, parameters, qr);
    },
    logQueryError: (...a) => logger.logQueryError(...a),
    logQuerySlow: (...a) => logger.logQuerySlow(...a),
    logSchemaBuild: (...a) => logger.logSchemaBuild(...a),
    logMigration: (...a) => logger.logMigration(...a),
    log: (...a) => logger.log(...a),
  };
  Object.defineProperty(ds, 'logger', { value: counting, configurable: true });
  const take = () => {
    const out = seen ?? [];
    seen = null;
    return out;
  };
  return {
    start: () => { seen = []; },
    stop: () => take().map((x) => x.sql),
    stopWithParameters: () => take(),
  };
}
