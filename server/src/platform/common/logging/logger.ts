import pino, { Logger } from 'pino';

export const LOGGER = Symbol('LOGGER');

/**
 * Structured JSON logs in UTC. Request logs carry method, route template, status and duration only:
 * never IPs, user agents, tokens, openids, bodies or tip text.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'anxin' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers', 'headers.authorization', '*.token', '*.openid', '*.sessionKey', '*.receipt'], remove: true },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
