import type { DataSource, Logger, QueryRunner } from 'typeorm';

/** The SQL statements the app hands to the driver while recording (BEGIN and COMMIT included, as TypeORM logs them). */
export interface StatementLog {
  /** Starts a new recording. */
  start(): void;
  /** Ends the recording and returns its statements, in order. */
  stop(): string[];
}

/** Wraps the data source's logger so that a test can count the statements a request makes. */
export function statementLog(ds: DataSource): StatementLog {
  let seen: string[] | null = null;
  const logger = ds.logger;
  const counting: Logger = {
    logQuery: (query: string, parameters?: unknown[], qr?: QueryRunner) => {
      seen?.push(query.replace(/\s+/g, ' '));
      return logger.logQuery(query, parameters, qr);
    },
    logQueryError: (...a) => logger.logQueryError(...a),
    logQuerySlow: (...a) => logger.logQuerySlow(...a),
    logSchemaBuild: (...a) => logger.logSchemaBuild(...a),
    logMigration: (...a) => logger.logMigration(...a),
    log: (...a) => logger.log(...a),
  };
  Object.defineProperty(ds, 'logger', { value: counting, configurable: true });
  return {
    start: () => { seen = []; },
    stop: () => {
      const out = seen ?? [];
      seen = null;
      return out;
    },
  };
}
