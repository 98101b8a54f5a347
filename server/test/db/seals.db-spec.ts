import { createHash, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { checkReceiptProof, type AuditVerifyResponse, type NoticeReceiptProofResponse } from '@anxin/shared';
import { createApp } from '../../src/app.factory';
import { run as auditVerify } from '../../src/cli/audit-verify';
import type { CliIo } from '../../src/cli/cli-support';
import { cliSealKinds } from '../../src/cli/seal-kinds';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { ReceiptTallies } from '../../src/features/notices/notice-receipt-tallies';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { AuditCheckpointEntity } from '../../src/platform/audit/audit-checkpoint.entity';
import { AuditCheckpointService } from '../../src/platform/audit/audit-checkpoint.service';
import { canonicalJson } from '../../src/platform/audit/audit-hash';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import { AuditVerifier } from '../../src/platform/audit/audit-verifier';
import { AuditSeals } from '../../src/platform/audit/seal/audit-seals';
import { MerkleBuilder, verifyPath } from '../../src/platform/audit/seal/merkle';
import { SealBatchEntity } from '../../src/platform/audit/seal/seal-batch.entity';
import { SealJob } from '../../src/platform/audit/seal/seal-job';
import { SealKinds } from '../../src/platform/audit/seal/seal-kinds';
import { SealLeafEntity } from '../../src/platform/audit/seal/seal-leaf.entity';
import { addSealLeaves } from '../../src/platform/audit/seal/seal-leaves';
import { Clock } from '../../src/platform/common/clock/clock';
import { createLogger } from '../../src/platform/common/logging/logger';
import { inTransaction } from '../../src/platform/database/transaction';
import { PeriodicJobs } from '../../src/platform/worker/periodic-jobs';
import { statementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { bind, draft, fanOut, makeGuardian, type TestGuardian } from './notices-helpers';

const RECEIPT = 'notice.receipt';
/** Monday 2031-03-03, 10:00 in Shanghai. */
const D = '2031-03-03';
const at = (iso: string) => new Date(iso);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await auditVerify(argv, env, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * Receipts sealed into the school's audit chain in day batches: every receipt change leaves a leaf (no audit entry);
 * after the Shanghai day is over the worker seals the day's leaves under one Merkle root in one audit entry per
 * school; the proof route leads a receipt to that root; audit:verify (route, CLI, daily checkpoint) rehashes every
 * receipt and names one changed or deleted with SQL. Also: two workers seal once, a leaf that misses its day's
 * batch joins the next, and a batch of 100,000 leaves.
 */
describe('sealed receipts (Merkle roots in the audit chain)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let seals: SealJob;
  const tok: Record<string, string> = {};
  const g: TestGuardian[] = [];
  let letter: string;
  let env: Record<string, string>;
  const receiptOf = async (guardian: TestGuardian, noticeId = letter) =>
    (await t.ds.getRepository(NoticeReceiptEntity).findOneByOrFail({ noticeId, guardianUserId: guardian.userId })).id;
  const proof = async (token: string, receiptId: string, noticeId = letter): Promise<{ status: number; body: NoticeReceiptProofResponse }> =>
    t.request('GET', `/notices/${noticeId}/receipts/${receiptId}/proof`, { token });
  const sealEntries = (schoolId: string) => t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId, action: 'audit.receipts_sealed' }, order: { seq: 'ASC' } });
  const verify = async (): Promise<AuditVerifyResponse> => {
    const res = await t.request('GET', `/schools/${ids.a.schoolId}/audit/verify`, { token: tok.admin });
    expect(res.status).toBe(200);
    return res.body;
  };
  const publish = async (body: unknown) => {
    const check = jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    try {
      const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher, body });
      expect(created.status).toBe(201);
      expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: tok.teacher, body: {} })).status).toBe(200);
      await fanOut(t);
      return created.body.id as string;
    } finally {
      check.mockRestore();
    }
  };

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(at('2031-03-03T02:00:00Z'));
    ids = await t.seedDemo();
    seals = t.get(SealJob);
    for (const role of ['teacher', 'principal', 'admin', 'contact'] as const) tok[role] = await t.login(role, 'a');
    tok.principalB = await t.login('principal', 'b');
    const free: StudentEntity[] = await t.ds.getRepository(StudentEntity).createQueryBuilder('s')
      .where('s.class_id = :c AND s.id NOT IN (SELECT b.student_id FROM bindings b)', { c: ids.a.teacherClassId }).orderBy('s.student_no').getMany();
    for (const [i, name] of ['卢女士', '罗先生', '梁奶奶', '宋女士'].entries()) {
      g.push(await makeGuardian(t, name));
      await bind(t, g[i].userId, free[i], i === 2 ? 'grandparent' : i === 1 ? 'father' : 'mother');
    }
    env = { NODE_ENV: 'test', DATABASE_URL: t.db.url, ANXIN_DATA_DIR: t.db.dataDir };
  });
  afterAll(() => t?.stop());

  it('the command-line verifier recomputes every kind the server registers', () => {
    expect(t.get(SealKinds).names()).toContain(RECEIPT);
    expect(cliSealKinds().names()).toEqual(t.get(SealKinds).names());
  });

  it("the fan-out's receipts each wait as a leaf of the day, with no audit entry; the proof says when they are sealed", async () => {
    letter = await publish(draft({
      kind: 'letter', confirmMode: 'confirm', audience: { scope: 'classes', ids: [ids.a.teacherClassId] },
      question: { kind: 'single', prompt: '您是否参加家长会？', options: ['参加', '不参加'] },
    }));
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId: letter } });
    expect(receipts.length).toBeGreaterThanOrEqual(4);
    const leaves = await t.ds.getRepository(SealLeafEntity).find({ where: { kind: RECEIPT } });
    expect(leaves.map((l) => l.recordId).sort()).toEqual(receipts.map((r) => r.id).sort());
    expect(leaves.every((l) => l.day === D && l.batchId === null && l.schoolId === ids.a.schoolId)).toBe(true);
    expect(await sealEntries(ids.a.schoolId)).toEqual([]);

    const res = await proof(g[0].token, await receiptOf(g[0]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sealed: false, proof: null, sealsAfter: '2031-03-03T16:15:00.000Z', leaf: { kind: RECEIPT } });
    expect(res.body.leaf.hash).toBe(sha(canonicalJson(res.body.leaf.document)));
    expect((await seals.sealDue()).sealed).toEqual([]);
  });

  it("reading, answering and confirming change the day's one leaf; the day is sealed once it is over, in one entry that names no one", async () => {
    t.clock.set(at('2031-03-03T03:00:00Z'));
    expect((await t.request('GET', `/me/notices/${letter}`, { token: g[0].token })).status).toBe(200);
    expect((await t.request('POST', `/notices/${letter}/ack`, { token: g[0].token, body: { answer: { choices: [0] }, confirm: true } })).status).toBe(200);
    t.clock.set(at('2031-03-03T07:00:00Z'));
    expect((await t.request('GET', `/me/notices/${letter}`, { token: g[1].token })).status).toBe(200);
    await t.get(ReceiptTallies).flush(); // their seal leaves follow the requests (`ReceiptTallies`, a moment later)
    const mine = await t.ds.getRepository(SealLeafEntity).find({ where: { recordId: await receiptOf(g[0]) } });
    expect(mine).toHaveLength(1);
    expect(mine[0].leafHash).toBe((await proof(g[0].token, mine[0].recordId)).body.leaf.hash);

    // 00:05 the next day in Shanghai: the day is over, but not by the quarter hour.
    t.clock.set(at('2031-03-03T16:05:00Z'));
    expect((await seals.sealDue()).sealed).toEqual([]);
    t.clock.set(at('2031-03-03T16:20:00Z'));
    const { sealed } = await seals.sealDue();
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).count({ where: { noticeId: letter } });
    expect(sealed).toEqual([expect.objectContaining({ schoolId: ids.a.schoolId, day: D, leaves: receipts })]);
    expect((await seals.sealDue()).sealed).toEqual([]);

    const [entry] = await sealEntries(ids.a.schoolId);
    expect(entry).toMatchObject({ actorUserId: null, actorRole: 'system', targetType: 'seal_batch', targetId: sealed[0].batchId });
    expect(entry.details).toEqual({ day: D, root: sealed[0].root, leaves: receipts, kinds: { [RECEIPT]: receipts } });
    const text = JSON.stringify(entry);
    for (const guardian of g) expect(text).not.toContain(guardian.userId);
    expect(await t.ds.getRepository(SealLeafEntity).count({ where: { batchId: sealed[0].batchId } })).toBe(receipts);
  });

  it("the proof leads the receipt's leaf to the root in the audit entry, for its guardian and for staff of its class", async () => {
    const receiptId = await receiptOf(g[0]);
    const [entry] = await sealEntries(ids.a.schoolId);
    const mine = await proof(g[0].token, receiptId);
    expect(mine.status).toBe(200);
    const p = mine.body;
    expect(p.sealed).toBe(true);
    expect(p.sealsAfter).toBeNull();
    expect(p.proof).toMatchObject({ kind: RECEIPT, recordId: receiptId, day: D, leafHash: p.leaf.hash, root: entry.details.root, auditEntry: { seq: entry.seq, hash: entry.hash } });
    expect(verifyPath(p.proof!)).toBe(true);
    expect(verifyPath({ ...p.proof!, leafHash: sha('another receipt') })).toBe(false);
    // What the app checks from the proof alone: the leaf, the path, the root in the sealing entry, the entry's chain hash.
    expect(p.sealEntry).toMatchObject({ seq: entry.seq, hash: entry.hash, action: 'audit.receipts_sealed', details: { root: entry.details.root } });
    expect(checkReceiptProof(p)).toEqual({ state: 'verified', root: entry.details.root });
    expect(checkReceiptProof({ ...p, sealEntry: { ...p.sealEntry!, details: { ...p.sealEntry!.details, leaves: 1 } } })).toMatchObject({ state: 'failed' });
    expect(p.leaf.document).toMatchObject({ receiptId, readOn: D, confirmedOn: D, answeredOn: D, acknowledgedOn: D, signatureSha256: null, answerHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(p.leaf.document)).not.toMatch(/T\d{2}:\d{2}/);
    expect(p.receipt).toMatchObject({ readOn: D, confirmedOn: D, answer: '参加', children: [expect.objectContaining({ relation: 'mother', relationLabel: '母亲' })] });

    for (const role of ['teacher', 'principal', 'admin'] as const) {
      const staff = await proof(tok[role], receiptId);
      expect({ role, status: staff.status }).toEqual({ role, status: 200 });
      expect(staff.body.proof).toEqual(p.proof);
    }
    // Another school: the notice does not exist; staff without notice.read: 403; another guardian: 404.
    expect((await proof(tok.principalB, receiptId)).status).toBe(404);
    expect((await proof(tok.contact, receiptId)).status).toBe(403);
    expect((await proof(g[1].token, receiptId)).status).toBe(404);
    expect((await proof(tok.teacher, randomUUID())).status).toBe(404);

    // A receipt of the demo letter whose child is in a class the teacher does not teach: 403 for the teacher; the
    // principal sees it (never sealed: made before any leaf was kept).
    const [other] = await t.ds.query(
      'SELECT r.id, r.notice_id AS noticeId FROM notice_receipts r JOIN notice_receipt_students x ON x.receipt_id = r.id WHERE r.school_id = ? AND x.class_id <> ? AND r.notice_id <> ?',
      [ids.a.schoolId, ids.a.teacherClassId, letter]);
    expect((await proof(tok.teacher, other.id, other.noticeId)).status).toBe(403);
    expect((await proof(tok.principal, other.id, other.noticeId)).body).toMatchObject({ sealed: false, proof: null, sealsAfter: null });
  });

  it("a change on a later day waits for that day's batch; doing again what is done writes no leaf", async () => {
    t.clock.set(at('2031-03-04T02:00:00Z'));
    const father = await receiptOf(g[1]);
    expect((await t.request('POST', `/notices/${letter}/ack`, { token: g[1].token, body: { answer: { choices: [1] }, confirm: true } })).status).toBe(200);
    const waiting = (await proof(g[1].token, father)).body;
    expect(waiting).toMatchObject({ sealed: false, sealsAfter: '2031-03-04T16:15:00.000Z', proof: { day: D } });
    expect(waiting.proof!.leafHash).not.toBe(waiting.leaf.hash);
    expect(checkReceiptProof(waiting)).toEqual({ state: 'unsealed', sealsAfter: '2031-03-04T16:15:00.000Z' });
    expect(verifyPath(waiting.proof!)).toBe(true);
    // Confirming again changes nothing on the receipt, so nothing is left to seal for it (not even the day).
    expect((await t.request('POST', `/notices/${letter}/ack`, { token: g[0].token, body: { confirm: true } })).status).toBe(200);
    expect(await t.ds.getRepository(SealLeafEntity).count({ where: { recordId: await receiptOf(g[0]) } })).toBe(1);

    const before = await verify();
    expect(before).toMatchObject({ ok: true, chainOk: true, seals: { batches: 1, pending: 1, problemCount: 0 } });
    t.clock.set(at('2031-03-04T16:30:00Z'));
    expect((await seals.sealDue()).sealed).toEqual([expect.objectContaining({ day: '2031-03-04', leaves: 1 })]);
    const sealedNow = (await proof(g[1].token, father)).body;
    expect(sealedNow).toMatchObject({ sealed: true, proof: { day: '2031-03-04', index: 0, size: 1, path: [] } });
    expect(verifyPath(sealedNow.proof!)).toBe(true);
  });

  it('audit:verify, the route and the CLI, rehashes every sealed receipt: all intact', async () => {
    const report = await verify();
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).count({ where: { noticeId: letter } });
    expect(report).toMatchObject({ ok: true, chainOk: true, problem: null, seals: { batches: 2, leaves: receipts + 1, recordsChecked: receipts, pending: 0, problems: [] } });
    const run = await cli(['--school', ids.a.schoolId], env);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`2 seal batch(es) of ${receipts + 1} leaves, ${receipts} record(s) rehashed, 0 waiting`);
  });

  it('two workers seal each school and day once', async () => {
    t.clock.set(at('2031-03-05T02:00:00Z'));
    const second = await publish(draft({ kind: 'notice', confirmMode: 'read', audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }));
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).count({ where: { noticeId: second } });
    let peer: NestFastifyApplication | null = null;
    let other: SealJob;
    let otherClock: Clock;
    if (t.db.engine === 'mariadb') {
      // A second server on the same database: its own pool, clock and sealing job.
      peer = (await createApp(t.config, { logger: createLogger('silent'), docsUi: false })).app;
      await peer.init();
      other = peer.get(SealJob);
      otherClock = peer.get(Clock);
    } else {
      // SQLite has one writer per process: a second job on the same connection, like a second worker loop.
      other = new SealJob(t.ds, t.clock, t.get(AuditService), t.get(PeriodicJobs), createLogger('silent'));
      otherClock = t.clock;
    }
    try {
      for (const c of [t.clock, otherClock]) c.set(at('2031-03-05T17:00:00Z'));
      const runs = await Promise.all([seals.sealDue(), other.sealDue(), seals.sealSchoolDay(ids.a.schoolId, '2031-03-05'), other.sealSchoolDay(ids.a.schoolId, '2031-03-05')]);
      const made = [...runs[0].sealed, ...runs[1].sealed, runs[2], runs[3]].filter((b) => b !== null);
      expect(made).toEqual([expect.objectContaining({ schoolId: ids.a.schoolId, day: '2031-03-05', leaves: receipts })]);
      expect((await sealEntries(ids.a.schoolId)).filter((e) => e.details.day === '2031-03-05')).toHaveLength(1);
      expect(await t.ds.getRepository(SealBatchEntity).count({ where: { schoolId: ids.a.schoolId, day: '2031-03-05' } })).toBe(1);
      expect((await verify()).ok).toBe(true);
    } finally {
      await peer?.close();
    }
  });

  it("a leaf for a day already sealed (a transaction that straddled the sealing) joins the next day's batch", async () => {
    const recordId = await receiptOf(g[2]);
    const sealedLeaf = await t.ds.getRepository(SealLeafEntity).findOneByOrFail({ recordId, day: D });
    expect(sealedLeaf.batchId).not.toBeNull();
    const hash = sha('the rows as a late transaction left them');
    await inTransaction(t.ds, (m) => addSealLeaves(m, D, [{ schoolId: ids.a.schoolId, kind: RECEIPT, recordId, leafHash: hash }]));
    const rows = await t.ds.getRepository(SealLeafEntity).find({ where: { recordId }, order: { day: 'ASC' } });
    expect(rows.map((r) => ({ day: r.day, sealed: r.batchId !== null, hash: r.leafHash === hash }))).toEqual([
      { day: D, sealed: true, hash: false }, { day: '2031-03-04', sealed: false, hash: true },
    ]);
    // Put back as the app left it: the receipt did not change.
    await t.ds.query('DELETE FROM audit_seal_leaves WHERE record_id = ? AND batch_id IS NULL', [recordId]);
  });

  it("records a transaction made are written without a lookup; a key found taken all the same still ends with the new hash", async () => {
    const day = '2031-03-11';
    const [fresh, taken] = [randomUUID(), randomUUID()];
    await inTransaction(t.ds, (m) => addSealLeaves(m, day, [{ schoolId: ids.a.schoolId, kind: 'test.made', recordId: taken, leafHash: sha('first') }]));
    await inTransaction(t.ds, (m) => addSealLeaves(m, day, [
      { schoolId: ids.a.schoolId, kind: 'test.made', recordId: fresh, leafHash: sha('fresh') },
      { schoolId: ids.a.schoolId, kind: 'test.made', recordId: taken, leafHash: sha('second') },
    ], true));
    const rows = await t.ds.getRepository(SealLeafEntity).find({ where: { kind: 'test.made' } });
    expect(rows.map((r) => [r.recordId, r.day, r.leafHash, r.batchId]).sort()).toEqual([
      [fresh, day, sha('fresh'), null], [taken, day, sha('second'), null],
    ].sort());
    await t.ds.query("DELETE FROM audit_seal_leaves WHERE kind = 'test.made'");
  });

  it('records changed before on the day take their new hashes in one UPDATE, unread; a wrong guess still ends as the usual way would', async () => {
    const [waiting, sealed, none] = [randomUUID(), randomUUID(), randomUUID()];
    const [day, next] = ['2031-03-12', '2031-03-13'];
    const leaf = (recordId: string, text: string, changedToday?: boolean) => ({ schoolId: ids.a.schoolId, kind: 'test.today', recordId, leafHash: sha(text), changedToday });
    await inTransaction(t.ds, (m) => addSealLeaves(m, day, [leaf(waiting, 'opened'), leaf(sealed, 'opened')]));
    await t.ds.query("UPDATE audit_seal_leaves SET batch_id = ? WHERE kind = 'test.today' AND record_id = ?", [randomUUID(), sealed]);
    const log = statementLog(t.ds);
    log.start();
    await inTransaction(t.ds, (m) => addSealLeaves(m, day, [leaf(waiting, 'confirmed', true)]));
    const right = log.stop().filter((x) => /audit_seal_leaves/.test(x));
    expect(right).toEqual([expect.stringMatching(/^UPDATE audit_seal_leaves SET leaf_hash = CASE record_id/)]);
    // Guessed wrong: the day's leaf was sealed meanwhile, and a record with no leaf at all.
    log.start();
    await inTransaction(t.ds, (m) => addSealLeaves(m, day, [leaf(sealed, 'confirmed', true), leaf(none, 'made elsewhere', true), leaf(waiting, 'answered', true)]));
    expect(log.stop().filter((x) => /^SELECT .* FROM audit_seal_leaves/.test(x)).length).toBeGreaterThan(0);
    const rows = await t.ds.getRepository(SealLeafEntity).find({ where: { kind: 'test.today' } });
    expect(rows.map((r) => [r.recordId, r.day, r.leafHash, r.batchId === null]).sort()).toEqual([
      [waiting, day, sha('answered'), true], [sealed, day, sha('opened'), false], [sealed, next, sha('confirmed'), true], [none, day, sha('made elsewhere'), true],
    ].sort());
    await t.ds.query("DELETE FROM audit_seal_leaves WHERE kind = 'test.today'");
  });

  it('a receipt changed with SQL and one deleted are named by the route, the CLI and the daily checkpoint; so is a rewritten leaf', async () => {
    const changed = await receiptOf(g[2]);
    const deleted = await receiptOf(g[3]);
    await t.ds.query('UPDATE notice_receipts SET read_on = ?, acknowledged_on = ? WHERE id = ?', [D, D, changed]);
    await t.ds.query('DELETE FROM notice_receipts WHERE id = ?', [deleted]);

    const report = await verify();
    expect(report).toMatchObject({ ok: false, chainOk: true, firstBrokenSeq: null, seals: { problemCount: 2 } });
    const [batch] = await sealEntries(ids.a.schoolId);
    expect(report.seals!.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ reason: 'changed', kind: RECEIPT, recordId: changed, batchId: batch.targetId, day: D, seq: batch.seq }),
      expect.objectContaining({ reason: 'deleted', kind: RECEIPT, recordId: deleted }),
    ]));
    expect(report.problem).toContain('封存的记录校验未通过');

    const run = await cli(['--school', ids.a.schoolId], env);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`SEAL  ${RECEIPT} ${changed}: changed since its leaf in batch ${batch.targetId} of ${D} (entry #${batch.seq})`);
    expect(run.out).toContain(`SEAL  ${RECEIPT} ${deleted}: deleted`);
    expect((await cli([], env)).code).toBe(1);

    // The staff proof no longer claims the receipt is sealed as it is now.
    const p = (await proof(tok.teacher, changed)).body;
    expect(p).toMatchObject({ sealed: false, sealsAfter: null, proof: { day: D } });
    expect(checkReceiptProof(p)).toEqual({ state: 'failed', problems: ['回执在封存后被改动过：现在的内容与封存时不同'] });

    // The chain itself holds, so the day's checkpoint is still signed; the officers' digest names the problem.
    t.clock.set(at('2031-03-06T02:00:00Z'));
    expect(await t.get(AuditCheckpointService).checkpointSchool(ids.a.schoolId)).toBe('signed');
    const cp = await t.ds.getRepository(AuditCheckpointEntity).findOneByOrFail({ schoolId: ids.a.schoolId, day: '2031-03-06' });
    expect(cp).toMatchObject({ ok: false, signature: expect.any(String) });
    expect(cp.problem).toContain('封存的记录校验未通过（共 2 处）');

    // Rewriting the leaf to hide the change breaks the batch's root instead.
    await t.ds.query('UPDATE audit_seal_leaves SET leaf_hash = ? WHERE record_id = ?', [p.leaf.hash, changed]);
    const rewritten = await verify();
    expect(rewritten.seals!.problems).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'batch', batchId: batch.targetId, day: D, seq: batch.seq })]));
    expect(rewritten.seals!.problems.find((x) => x.recordId === changed)).toBeUndefined();

    // A leaf slipped in under a batch the chain does not record (to pass a changed receipt off as sealed) is named.
    const mother = await receiptOf(g[0]);
    const fake = randomUUID();
    await t.ds.query('INSERT INTO audit_seal_leaves (kind, record_id, day, school_id, leaf_hash, batch_id) VALUES (?, ?, ?, ?, ?, ?)',
      [RECEIPT, mother, '2031-03-09', ids.a.schoolId, sha('forged'), fake]);
    expect((await verify()).seals!.problems).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'forged', recordId: mother, batchId: fake })]));
  });

  it('a batch of 100,000 leaves: written in bulk, sealed in one entry, proved from one chunk, verified and a deleted record named', async () => {
    const school = await t.ds.getRepository(SchoolEntity).save({ districtId: ids.a.districtId, name: '封存压力测试学校', createdAt: new Date(), settings: null });
    const gone = new Set<string>();
    const leafOf = (id: string) => sha(`bulk:${id}`);
    t.get(SealKinds).register({ kind: 'test.bulk', leaves: async (_m, recordIds) => new Map(recordIds.filter((id) => !gone.has(id)).map((id) => [id, leafOf(id)])) });
    const recordIds = Array.from({ length: 100_000 }, () => randomUUID());
    t.clock.set(at('2031-03-10T02:00:00Z'));
    for (let i = 0; i < recordIds.length; i += 20_000) {
      await inTransaction(t.ds, (m) => t.get(AuditSeals).addMany(m, recordIds.slice(i, i + 20_000).map((recordId) => ({ schoolId: school.id, kind: 'test.bulk', recordId, leafHash: leafOf(recordId) }))));
    }
    t.clock.set(at('2031-03-10T16:30:00Z'));
    const batch = await seals.sealSchoolDay(school.id, '2031-03-10');
    expect(batch).toMatchObject({ leaves: 100_000 });
    const expected = new MerkleBuilder();
    for (const id of [...recordIds].sort()) expected.add(leafOf(id));
    expect(batch!.root).toBe(expected.finish().root);

    const last = [...recordIds].sort()[99_999];
    const status = await t.get(AuditSeals).status(t.ds.manager, school.id, 'test.bulk', last);
    expect(status.proof).toMatchObject({ index: 99_999, size: 100_000, leafHash: leafOf(last), root: batch!.root });
    expect(verifyPath(status.proof!)).toBe(true);

    const verifier = t.get(AuditVerifier);
    expect(await verifier.verify(school.id)).toMatchObject({ ok: true, seals: { batches: 1, leaves: 100_000, recordsChecked: 100_000 } });
    gone.add(recordIds[12_345]);
    const broken = await verifier.verify(school.id);
    expect(broken).toMatchObject({ ok: false, chainOk: true, seals: { problemCount: 1, problems: [expect.objectContaining({ reason: 'deleted', kind: 'test.bulk', recordId: recordIds[12_345] })] } });
  }, 600_000);
});
