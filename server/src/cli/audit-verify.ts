import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { AuditCheckpoint, AuditVerifyResponse } from '@anxin/shared';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditHeadEntity } from '../audit/audit-head.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock/clock';
import type { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { CliIo, describeDatabase, Env, errorMessage, EXIT, loadCliConfig, openDatabase, parseArgs, processIo } from './cli-support';

const USAGE = `usage: npm run audit:verify [-- --school <id>] [--checkpoint <file.json>] [--export-checkpoint <file.json>]

Recomputes every school's audit hash chain and names the first broken entry of each.
  --school <id>                  verify one school only
  --checkpoint <file.json>       also compare against an exported checkpoint (detects a truncated chain)
  --export-checkpoint <file.json> write the current chain heads (only when every chain verifies)
Exit 0: all chains intact; 1: a chain is broken (or the database cannot be read); 2: bad arguments.`;

/** The file `--export-checkpoint` writes and `--checkpoint` reads. */
export interface CheckpointFile {
  format: 'anxin-audit-checkpoint/1';
  exportedAt: string;
  heads: AuditCheckpoint[];
}

/**
 * `npm run audit:verify`: the operator's check of the tamper-evident audit log (security checklist F16).
 * Runs with database access and no caller, so no per-school access check applies.
 */
export async function run(argv: string[], env: Env, io: CliIo = processIo): Promise<number> {
  const args = parseArgs(argv, ['--school', '--checkpoint', '--export-checkpoint'], ['--help']);
  if (typeof args === 'string') {
    io.err(`audit:verify: ${args}\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (args.flags.has('--help')) {
    io.out(USAGE);
    return EXIT.OK;
  }
  const onlySchool = args.values['--school'];
  let checkpoints: Map<string, AuditCheckpoint> | null = null;
  if (args.values['--checkpoint']) {
    const read = readCheckpointFile(args.values['--checkpoint']);
    if (typeof read === 'string') {
      io.err(`audit:verify: ${read}`);
      return EXIT.USAGE;
    }
    checkpoints = read;
  }
  const config = loadCliConfig(env, io);
  if (typeof config === 'number') return config;
  const ds = await openDatabase(config, io, 'audit:verify');
  if (typeof ds === 'number') return ds;
  try {
    return await verifyAll(ds, io, { onlySchool, checkpoints, exportTo: args.values['--export-checkpoint'], where: describeDatabase(config.database) });
  } catch (e) {
    io.err(`audit:verify: failed: ${errorMessage(e)}`);
    return EXIT.FAILED;
  } finally {
    await ds.destroy().catch(() => undefined);
  }
}

async function verifyAll(
  ds: DataSource,
  io: CliIo,
  o: { onlySchool?: string; checkpoints: Map<string, AuditCheckpoint> | null; exportTo?: string; where: string },
): Promise<number> {
  // verifyChain and head read the log only; they never consult the access service.
  const audit = new AuditService(ds, null as unknown as AccessService, new Clock());
  // The chain heads are read before the entries: a writer commits entry and head together, so entries read
  // afterwards can only be ahead of a head read now, never behind it (no false alarm on a live server).
  const heads = new Map((await ds.getRepository(AuditHeadEntity).find()).map((h) => [h.schoolId, h]));
  const schoolIds = new Set<string>();
  if (o.onlySchool) {
    schoolIds.add(o.onlySchool);
  } else {
    for (const s of await ds.getRepository(SchoolEntity).find({ select: { id: true } })) schoolIds.add(s.id);
    const withEntries = await ds.getRepository(AuditEntryEntity).createQueryBuilder('e').select('DISTINCT e.school_id', 'schoolId').getRawMany();
    for (const r of withEntries) schoolIds.add(r.schoolId);
    for (const id of heads.keys()) schoolIds.add(id);
    for (const id of o.checkpoints?.keys() ?? []) schoolIds.add(id);
  }
  if (o.onlySchool && !(await ds.getRepository(SchoolEntity).exists({ where: { id: o.onlySchool } })) && !heads.has(o.onlySchool) && !o.checkpoints?.has(o.onlySchool)) {
    io.err(`audit:verify: no school ${o.onlySchool} in ${o.where}`);
    return EXIT.USAGE;
  }

  let broken = 0;
  const exported: AuditCheckpoint[] = [];
  for (const schoolId of [...schoolIds].sort()) {
    const cp = o.checkpoints?.get(schoolId);
    let result: AuditVerifyResponse;
    try {
      result = await audit.verifyChain(schoolId, cp ? { seq: cp.seq, hash: cp.hash } : undefined);
    } catch (e) {
      io.err(`BROKEN  school ${schoolId}: checkpoint unusable: ${errorMessage(e)}`);
      broken++;
      continue;
    }
    const head = heads.get(schoolId);
    const lastSeq = result.head?.seq ?? 0;
    if (result.ok && head && head.lastSeq > lastSeq) {
      // The head row (written with every entry) is ahead of the chain: entries were removed from its end.
      result = { ...result, ok: false, firstBrokenSeq: lastSeq + 1, problem: `第 ${lastSeq + 1} 条之后的记录缺失（链头记录为第 ${head.lastSeq} 条）` };
    } else if (result.ok && head && head.lastSeq === lastSeq && lastSeq > 0 && head.lastHash !== result.head!.hash) {
      result = { ...result, ok: false, firstBrokenSeq: lastSeq, problem: `第 ${lastSeq} 条记录与链头记录不符` };
    }
    if (result.ok) {
      io.out(`OK      school ${schoolId}: ${result.entries} entries${result.head ? `, head #${result.head.seq} ${result.head.hash.slice(0, 16)}…` : ''}${cp ? `, matches checkpoint #${cp.seq}` : ''}`);
      if (result.head) exported.push(result.head);
    } else {
      broken++;
      io.out(`BROKEN  school ${schoolId}: first broken entry seq ${result.firstBrokenSeq}: ${result.problem}`);
    }
  }
  io.out(`audit:verify: ${schoolIds.size} school(s) checked, ${broken} broken${o.checkpoints ? ' (against the checkpoint)' : ''}`);

  if (o.exportTo) {
    if (broken) {
      io.err(`audit:verify: not writing ${o.exportTo}: a checkpoint of a broken chain would vouch for it`);
    } else {
      const file: CheckpointFile = { format: 'anxin-audit-checkpoint/1', exportedAt: new Date().toISOString(), heads: exported };
      writeFileSync(o.exportTo, `${JSON.stringify(file, null, 2)}\n`);
      io.out(`audit:verify: wrote the heads of ${exported.length} chain(s) to ${o.exportTo}`);
    }
  }
  return broken ? EXIT.FAILED : EXIT.OK;
}

/**
 * Reads a checkpoint: the file `--export-checkpoint` writes, a list of heads, or one head as
 * `GET /schools/{id}/audit/checkpoint` returns it.
 */
export function readCheckpointFile(path: string): Map<string, AuditCheckpoint> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return `cannot read checkpoint ${path}: ${errorMessage(e)}`;
  }
  const list: unknown[] = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as CheckpointFile).heads)
      ? (parsed as CheckpointFile).heads
      : [parsed];
  const out = new Map<string, AuditCheckpoint>();
  for (const [i, item] of list.entries()) {
    const h = item as AuditCheckpoint;
    if (!h || typeof h.schoolId !== 'string' || !Number.isInteger(h.seq) || h.seq < 1 || typeof h.hash !== 'string' || !/^[0-9a-f]{64}$/.test(h.hash)) {
      return `checkpoint ${path}: entry ${i + 1} is not { schoolId, seq, hash }`;
    }
    out.set(h.schoolId, h);
  }
  return out;
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`audit:verify: ${e?.stack ?? e}\n`);
      process.exit(EXIT.FAILED);
    },
  );
}
