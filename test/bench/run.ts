import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { districtDashboard } from './district-dashboard';
import { noticesScale } from './notices-scale';
import { outboxThroughput } from './outbox-throughput';
import { pledgeSigning } from './pledge-signing';
import { surveysBench } from './surveys';
import { tipLatency } from './tip-latency';
import { ensureServerBuilt, machine, REPO } from './support';
import type { Benchmark } from './types';

/**
 * `npm run bench`: runs every benchmark below in turn, prints the figures and writes docs/BENCHMARKS.md.
 * Add a benchmark: a module exporting a `Benchmark` (see types.ts), one line in this list.
 */
const BENCHMARKS: Benchmark[] = [outboxThroughput, tipLatency, noticesScale, districtDashboard, pledgeSigning, surveysBench];

async function main() {
  ensureServerBuilt();
  const started = Date.now();
  const only = process.argv.slice(2);
  const sections: string[] = [];
  for (const b of BENCHMARKS) {
    if (only.length && !only.some((o) => b.name.toLowerCase().includes(o.toLowerCase()))) continue;
    process.stdout.write(`\n=== ${b.name}\n`);
    const report = await b.run();
    process.stdout.write(`${report.summary}\n`);
    sections.push(`## ${b.name}\n\n${report.markdown}\n`);
  }
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`node -r @swc-node/register bench/run.ts` in `test/`); run it again to refresh this file.',
    '',
    `- Command: \`npm run bench\``,
    `- Machine: ${machine()}`,
    `- Date: ${new Date().toISOString()}`,
    `- Engines: SQLite (better-sqlite3, WAL) always; MariaDB when it answers at ${process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306'}`,
    `- Run time: ${Math.round((Date.now() - started) / 60_000)} min in all (each section says what it ran); \`npm run bench -- <words of a section's title>\` runs only those sections and writes nothing`,
    '',
    ...sections,
  ].join('\n');
  if (!only.length) writeFileSync(resolve(REPO, 'docs/BENCHMARKS.md'), doc);
  process.stdout.write(only.length ? '\n(partial run: docs/BENCHMARKS.md not written)\n' : '\nwritten to docs/BENCHMARKS.md\n');
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
