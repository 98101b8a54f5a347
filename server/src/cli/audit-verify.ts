import 'reflect-metadata';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { AuditCheckpoint, AuditSealProblem, AuditVerifyResponse } from '@anxin/shared';
import { AuditEntryEntity } from '../platform/audit/audit-entry.entity';
import { AuditHeadEntity } from '../platform/audit/audit-head.entity';
import { AuditKeyError, keyIdOf, parsePublicKeys } from '../platform/audit/audit-keys';
import { AuditVerifier } from '../platform/audit/audit-verifier';
import { schoolsWithCheckpoints } from '../platform/audit/checkpoint-file';
import { DistrictEntity } from '../features/tenancy/district.entity';
import { SchoolEntity } from '../features/tenancy/school.entity';
import { CliIo, describeDatabase, Env, errorMessage, EXIT, loadCliConfig, openDatabase, parseArgs, processIo } from './cli-support';
import { cliSealKinds } from './seal-kinds';

const USAGE = `usage: npm run audit:verify [-- --school <id>] [--checkpoint-dir <dir>] [--public-key <key or file>]
                             [--checkpoint <file.json>] [--export-checkpoint <file.json>]

Recomputes every school's audit hash chain (and every district's, which records the district's own events),
checks its head row and every signed checkpoint in its checkpoint file, and names the first entry or checkpoint
that disagrees. Then it checks the records sealed into the chain in day batches (notice receipts, …): each batch's
leaves against the root its entry holds, and each record's current rows against its newest leaf, naming every
changed or deleted record (kind and id).
  --school <id>                  verify one school (or district) only
  --checkpoint-dir <dir>         where the signed checkpoint files are (default: ANXIN_AUDIT_CHECKPOINT_DIR)
  --public-key <key or file>     trust only this Ed25519 public key (PEM, or base64 of SPKI DER or of the raw 32
                                 bytes; several separated by commas), not the configured ones
  --checkpoint <file.json>       also compare against an exported (unsigned) checkpoint
  --export-checkpoint <file.json> write the current chain heads (only when every chain verifies)
Exit 0: all chains and sealed records intact; 1: a chain or a sealed record is broken (or the database cannot be
read); 2: bad arguments.`;

/** The file `--export-checkpoint` writes and `--checkpoint` reads. */
export interface CheckpointFile {
  format: 'anxin-audit-checkpoint/1';
  exportedAt: string;
  heads: AuditCheckpoint[];
}

/**
 * `npm run audit:verify`: the operator's check of the tamper-evident audit log, with the same verifier as the API route.
 * Runs with database access and no caller, so no per-school access check applies.
 */
export async function run(argv: string[], env: Env, io: CliIo = processIo): Promise<number> {
  const args = parseArgs(argv, ['--school', '--checkpoint', '--export-checkpoint', '--checkpoint-dir', '--public-key'], ['--help']);
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
  let keys: KeyObject[] | null = null;
  if (args.values['--public-key']) {
    const value = args.values['--public-key'];
    try {
      keys = parsePublicKeys(existsSync(value) ? readFileSync(value, 'utf8') : value);
    } catch (e) {
      if (!(e instanceof AuditKeyError)) throw e;
      io.err(`audit:verify: --public-key ${e.message}`);
      return EXIT.USAGE;
    }
  }
  const config = loadCliConfig(env, io);
  if (typeof config === 'number') return config;
  const checkpointDir = args.values['--checkpoint-dir'] ? resolve(args.values['--checkpoint-dir']) : config.audit.checkpointDir;
  const trustedKeys = keys ?? config.audit.trustedKeys;
  const ds = await openDatabase(config, io, 'audit:verify');
  if (typeof ds === 'number') return ds;
  try {
    io.out(`audit:verify: checkpoints in ${checkpointDir}; trusted key(s) ${trustedKeys.map(keyIdOf).join(', ')}`);
    const verifier = new AuditVerifier(ds, { checkpointDir, trustedKeys, sealKinds: cliSealKinds() });
    return await verifyAll(ds, verifier, io, { onlySchool, checkpoints, checkpointDir, exportTo: args.values['--export-checkpoint'], where: describeDatabase(config.database) });
  } catch (e) {
    io.err(`audit:verify: failed: ${errorMessage(e)}`);
    return EXIT.FAILED;
  } finally {
    await ds.destroy().catch(() => undefined);
  }
}

async function verifyAll(
  ds: DataSource,
  verifier: AuditVerifier,
  io: CliIo,
  o: { onlySchool?: string; checkpoints: Map<string, AuditCheckpoint> | null; checkpointDir: string; exportTo?: string; where: string },
): Promise<number> {
  // Every school anything knows of: a school deleted from the database still has its checkpoint file.
  const schoolIds = new Set<string>();
  if (o.onlySchool) {
    schoolIds.add(o.onlySchool);
  } else {
    for (const s of await ds.getRepository(SchoolEntity).find({ select: { id: true } })) schoolIds.add(s.id);
    const withEntries = await ds.getRepository(AuditEntryEntity).createQueryBuilder('e').select('DISTINCT e.school_id', 'schoolId').getRawMany();
    for (const r of withEntries) schoolIds.add(r.schoolId);
    for (const h of await ds.getRepository(AuditHeadEntity).find({ select: { schoolId: true } })) schoolIds.add(h.schoolId);
    for (const id of schoolsWithCheckpoints(o.checkpointDir)) schoolIds.add(id);
    for (const id of o.checkpoints?.keys() ?? []) schoolIds.add(id);
  }
  if (o.onlySchool) {
    const known = /^[0-9a-fA-F-]{36}$/.test(o.onlySchool) && (await ds.getRepository(SchoolEntity).exists({ where: { id: o.onlySchool } })
      || await ds.getRepository(AuditHeadEntity).exists({ where: { schoolId: o.onlySchool } })
      || schoolsWithCheckpoints(o.checkpointDir).includes(o.onlySchool) || !!o.checkpoints?.has(o.onlySchool));
    if (!known) {
      io.err(`audit:verify: no school ${o.onlySchool} in ${o.where} nor in ${o.checkpointDir}`);
      return EXIT.USAGE;
    }
  }

  // A district's own events are chained under the district's id (features/tenancy/district-audit.ts).
  const districtIds = new Set((await ds.getRepository(DistrictEntity).find({ select: { id: true } })).map((d) => d.id));
  const kind = (id: string) => (districtIds.has(id) ? 'district' : 'school');
  let broken = 0;
  const exported: AuditCheckpoint[] = [];
  for (const schoolId of [...schoolIds].sort()) {
    const cp = o.checkpoints?.get(schoolId);
    let result: AuditVerifyResponse;
    try {
      result = await verifier.verify(schoolId, cp ? { seq: cp.seq, hash: cp.hash } : undefined);
    } catch (e) {
      io.err(`BROKEN  ${kind(schoolId)} ${schoolId}: checkpoint unusable: ${errorMessage(e)}`);
      broken++;
      continue;
    }
    if (result.ok) {
      const signed = result.lastCheckpoint
        ? `, ${result.checkpointsChecked} signed checkpoint(s), newest #${result.lastCheckpoint.seq} signed ${result.lastCheckpoint.signedAt}`
        : ', no signed checkpoint yet';
      io.out(`OK      ${kind(schoolId)} ${schoolId}: ${result.entries} entries${result.head ? `, head #${result.head.seq} ${result.head.hash.slice(0, 16)}…` : ''}${signed}${cp ? `, matches checkpoint #${cp.seq}` : ''}${describeSeals(result)}`);
      if (result.head) exported.push(result.head);
    } else if (result.chainOk && result.seals) {
      broken++;
      io.out(`BROKEN  ${kind(schoolId)} ${schoolId}: the chain holds (${result.entries} entries), ${result.seals.problemCount} sealed record problem(s)${describeSeals(result)}`);
      for (const p of result.seals.problems) io.out(`  SEAL  ${describeSealProblem(p)}`);
      if (result.seals.problemCount > result.seals.problems.length) io.out(`  SEAL  … and ${result.seals.problemCount - result.seals.problems.length} more`);
    } else {
      broken++;
      io.out(`BROKEN  ${kind(schoolId)} ${schoolId}: ${describeBreak(result)}: ${result.problem}`);
    }
  }
  const districts = [...schoolIds].filter((id) => districtIds.has(id)).length;
  const checked = `${schoolIds.size - districts} school(s)${districts ? ` and ${districts} district(s)` : ''}`;
  io.out(`audit:verify: ${checked} checked, ${broken} broken${o.checkpoints ? ' (against the checkpoint)' : ''}`);

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

/** ", 3 seal batch(es) of 812 leaves, 640 records rehashed, 12 waiting", or nothing without seals. */
function describeSeals(r: AuditVerifyResponse): string {
  const s = r.seals;
  if (!s || (!s.batches && !s.pending)) return '';
  return `, ${s.batches} seal batch(es) of ${s.leaves - s.pending} leaves, ${s.recordsChecked} record(s) rehashed, ${s.pending} waiting${s.behind ? `, ${s.behind} with a change still being sealed (not compared)` : ''}`;
}

/** "notice.receipt 5f…: changed since sealed in batch 9a… of 2031-05-07 (entry #41)". */
function describeSealProblem(p: AuditSealProblem): string {
  const where = p.batchId && p.seq !== null ? ` in batch ${p.batchId} of ${p.day} (entry #${p.seq})` : p.day ? ` (leaf of ${p.day} waiting to be sealed)` : '';
  switch (p.reason) {
    case 'changed': return `${p.kind} ${p.recordId}: changed since its leaf${where}`;
    case 'deleted': return `${p.kind} ${p.recordId}: deleted, but its leaf is${where}`;
    case 'batch': return `batch ${p.batchId} of ${p.day} (entry #${p.seq}): its leaves no longer give the sealed root (a leaf changed or deleted)`;
    case 'forged': return `${p.kind} ${p.recordId}: a leaf of ${p.day} claims batch ${p.batchId}, which no entry of the chain records`;
    case 'unknown_kind': return `${p.kind}: no registered kind recomputes these leaves`;
  }
}

/** "first broken entry seq 5", "checkpoint file line 3 (seq 7, signed …)", or both. */
function describeBreak(r: AuditVerifyResponse): string {
  const parts: string[] = [];
  if (r.firstBrokenSeq !== null) parts.push(`first broken entry seq ${r.firstBrokenSeq}`);
  const c = r.brokenCheckpoint;
  if (c) {
    const what = c.line === null ? 'the given checkpoint' : `checkpoint file line ${c.line}`;
    parts.push(c.seq === null ? what : `${what} (seq ${c.seq}${c.signedAt ? `, signed ${c.signedAt}` : ''})`);
  }
  return parts.join(', ') || 'broken';
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
