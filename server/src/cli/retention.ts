import 'reflect-metadata';
import { In, LessThanOrEqual } from 'typeorm';
import type { DataSource } from 'typeorm';
import { formatDate } from '@anxin/shared';
import { appendAuditEntry } from '../platform/audit/audit.service';
import { Clock } from '../platform/common/clock/clock';
import { inTransaction } from '../platform/database/transaction';
import { ScheduledActionEntity } from '../platform/scheduler/scheduled-action.entity';
import { RetentionHoldEntity } from '../features/retention/retention-hold.entity';
import { kindOfAction, RETENTION_KINDS, RETENTION_SUBJECT, RetentionAction, runErasure } from '../features/retention/tip-erasure';
import { CliIo, Env, errorMessage, EXIT, loadCliConfig, openDatabase, parseArgs, processIo } from './cli-support';

const USAGE = `usage: npm run retention -- [--dry-run]

Erasure under the retention rules (docs/PRIVACY.md "Retention and erasure"), on the database in DATABASE_URL.
  --dry-run   lists every scheduled erasure and when it falls due (case id, school, kind, due date; no content),
              and the cases under a legal hold; changes nothing
  (none)      runs the erasures that are due now, each in its own transaction, audited like the worker's
The worker runs the same erasures on its own; this command is for checking and for running them by hand.
Exit 0: done; 1: failed; 2: bad arguments; 78: bad configuration.`;

export interface RetentionRunResult {
  listed: number;
  erased: number;
  skipped: number;
}

/** `npm run retention`: lists (--dry-run) or runs the due retention erasures. */
export async function run(argv: string[], env: Env, io: CliIo = processIo, clock: Clock = new Clock()): Promise<number> {
  if (argv.includes('--help')) {
    io.out(USAGE);
    return EXIT.OK;
  }
  const args = parseArgs(argv, [], ['--dry-run']);
  if (typeof args === 'string') {
    io.err(`retention: ${args}\n${USAGE}`);
    return EXIT.USAGE;
  }
  const config = loadCliConfig(env, io);
  if (typeof config === 'number') return config;
  const ds = await openDatabase(config, io, 'retention');
  if (typeof ds === 'number') return ds;
  try {
    const result = args.flags.has('--dry-run') ? await list(ds, io, clock) : await runDue(ds, io, clock);
    io.out(args.flags.has('--dry-run')
      ? `[dry run] ${result.listed} scheduled erasure(s), nothing changed`
      : `erased ${result.erased} due item(s)${result.skipped ? `, ${result.skipped} skipped (legal hold or reopened)` : ''}`);
    return EXIT.OK;
  } catch (e) {
    io.err(`retention: ${errorMessage(e)}`);
    return EXIT.FAILED;
  } finally {
    await ds.destroy();
  }
}

const ACTIONS = RETENTION_KINDS.map((k) => RetentionAction[k]);

async function list(ds: DataSource, io: CliIo, clock: Clock): Promise<RetentionRunResult> {
  const now = clock.now();
  const rows = await ds.getRepository(ScheduledActionEntity).find({
    where: { status: 'pending', subjectType: RETENTION_SUBJECT, action: In(ACTIONS) }, order: { dueAt: 'ASC' },
  });
  io.out('due\tdue date (Asia/Shanghai)\tkind\tcase id\tschool id');
  for (const r of rows) {
    const due = new Date(r.dueAt);
    io.out(`${due <= now ? 'DUE' : '-'}\t${formatDate(due)}\t${kindOfAction(r.action)}\t${r.subjectId}\t${r.schoolId}`);
  }
  const holds = await ds.getRepository(RetentionHoldEntity).find({ order: { setAt: 'ASC' } });
  for (const h of holds) io.out(`HOLD\t-\tlegal_hold\t${h.tipId}\t${h.schoolId}`);
  return { listed: rows.length, erased: 0, skipped: 0 };
}

async function runDue(ds: DataSource, io: CliIo, clock: Clock): Promise<RetentionRunResult> {
  const now = clock.now();
  const due = await ds.getRepository(ScheduledActionEntity).find({
    where: { status: 'pending', subjectType: RETENTION_SUBJECT, action: In(ACTIONS), nextAttemptAt: LessThanOrEqual(now) }, order: { dueAt: 'ASC' },
  });
  let erased = 0;
  let skipped = 0;
  for (const a of due) {
    const kind = kindOfAction(a.action)!;
    const outcome = await inTransaction(ds, async (m) => {
      // The same guard as the scheduler's claim: a worker that took it first makes this a no-op.
      const marked = await m.createQueryBuilder().update(ScheduledActionEntity)
        .set({ status: 'fired', firedAt: now, attempts: () => 'attempts + 1' })
        .where('id = :id AND status = :pending', { id: a.id, pending: 'pending' }).execute();
      if (marked.affected !== 1) return 'taken' as const;
      return (await runErasure(m, kind, a.subjectId, now, (mm, r) => appendAuditEntry(mm, now, r))) ? 'erased' as const : 'skipped' as const;
    });
    if (outcome === 'erased') { erased++; io.out(`erased\t${kind}\t${a.subjectId}\t${a.schoolId}`); }
    if (outcome === 'skipped') skipped++;
  }
  return { listed: due.length, erased, skipped };
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then((code) => process.exit(code), (e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(EXIT.FAILED);
  });
}
