import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection left alive before it collects again, in
 * percent. A fan-out batch's rows and SQL text live across the batch's awaits, so young collections promote them and
 * the old generation fills with garbage; with V8's own factor (up to 4× the live heap when collections are rare) a
 * 100,000-guardian fan-out took the server from about 150 MB to 340–450 MB. The other side: requests that carry
 * images (a signature's 80 KB of base64) also outlive young collections while they wait for their batch, and at 20% a
 * full collection ran every 200 ms under 50 guardians signing at once, doubling the server's CPU per signature
 * (9.4 against 4.3 ms with V8's own factor). V8 starts marking well before the limit, so at 50% a full collection
 * still ran every 10 MB or so of promoted bodies: 22 in a signing run, against 7 at 100%, and the process's CPU per
 * signature went from 2.8–3.2 to 2.4–2.5 ms (three runs of each, in turn); at 100% the 100,000-guardian fan-out peaks
 * at 238–247 MB (50: 207–221). docs/BENCHMARKS.md has the runs.
 */
export const HEAP_GROWING_PERCENT = 100;

/** Set as the process starts (server and worker), before the application allocates. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
