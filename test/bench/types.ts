/** One benchmark module (bench/run.ts runs them all, one after another). */
export interface Benchmark {
  /** Section title in docs/BENCHMARKS.md. */
  name: string;
  run(): Promise<BenchReport>;
}

export interface BenchReport {
  /** Printed to the console. */
  summary: string;
  /** The section body written to docs/BENCHMARKS.md (markdown). */
  markdown: string;
}
