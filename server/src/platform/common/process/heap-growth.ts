import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection left alive before it collects again, in
 * percent. A fan-out batch's rows and SQL text live across the batch's awaits, so young collections promote them and
 * the old generation fills with garbage; with V8's own factor (up to 4× the live heap when collections are rare) a
 * 100,000-guardian fan-out took the server from about 150 MB to 340–450 MB; with 20% it stays near 200 MB, and the
 * fan-out took as long (docs/BENCHMARKS.md, "Notices at 100,000 guardians").
 */
export const HEAP_GROWING_PERCENT = 20;

/** Set as the process starts (server and worker), before the application allocates. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
