/** Longest wait between two attempts. */
export const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Exponential backoff with jitter: attempt n waits base·2^(n-1), capped, then a random 50–100 % of it, so
 * workers that failed together do not retry together.
 */
export function backoffDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
