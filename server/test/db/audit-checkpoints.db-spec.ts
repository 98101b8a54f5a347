import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { formatDate, type AuditVerifyResponse } from '@anxin/shared';
import { createApp } from '../../src/app.factory';
import { AuditCheckpointEntity } from '../../src/platform/audit/audit-checkpoint.entity';
import { AuditCheckpointService } from '../../src/platform/audit/audit-checkpoint.service';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditHeadEntity } from '../../src/platform/audit/audit-head.entity';
import { chainHash, GENESIS_HASH } from '../../src/platform/audit/audit-hash';
import { generateSigningKey, parsePrivateKey, publicKeyOf } from '../../src/platform/audit/audit-keys';
import { AuditVerifier } from '../../src/platform/audit/audit-verifier';
import { AuditService } from '../../src/platform/audit/audit.service';
import { checkpointFilePath, readCheckpoints } from '../../src/platform/audit/checkpoint-file';
import { checkSignature, signCheckpoint, trustedKeyMap } from '../../src/platform/audit/checkpoint-signature';
import { run as auditVerify } from '../../src/cli/audit-verify';
import type { CliIo } from '../../src/cli/cli-support';
import { Clock } from '../../src/platform/common/clock/clock';
import { createLogger, LOGGER } from '../../src/platform/common/logging/logger';
import { APP_CONFIG } from '../../src/platform/config/config.module';
import { inTransaction } from '../../src/platform/database/transaction';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { OutboxService } from '../../src/platform/outbox/outbox.service';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { allowWechat } from '../support/consent';
import { TestApp } from '../support/test-app';

const DAY = 24 * 3600_000;

async function cli(argv: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await auditVerify(argv, env, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('signed audit checkpoints (real database)', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let ids: Awaited<ReturnType<TestApp['seedDemo']>>;
  let audit: AuditService;
  let checkpoints: AuditCheckpointService;
  let officerToken: string;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url } });
    ids = await t.seedDemo();
    audit = t.get(AuditService);
    checkpoints = t.get(AuditCheckpointService);
    dir = t.config.audit.checkpointDir;
    // A second officer for district a: the officer of district b also oversees it.
    await t.ds.getRepository(StaffRoleEntity).insert({
      id: randomUUID(), userId: ids.b.userIds.district, schoolId: null, districtId: ids.a.districtId, role: 'district_officer', createdAt: new Date(),
    });
    officerToken = await t.login('district', 'a');
    // The officers allowed the daily digest in WeChat (district b's officer oversees both schools: two a day).
    await allowWechat(t, fake, { token: officerToken }, ['audit.digest']);
    await allowWechat(t, fake, { userId: ids.b.userIds.district }, ['audit.digest'], 2);
    // The CLI reads the same database, data folder (so the same development signing key) and checkpoint folder.
    env = { NODE_ENV: 'test', DATABASE_URL: t.db.url, ANXIN_DATA_DIR: t.db.dataDir };
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });
  beforeEach(() => t.clock.reset());

  const append = (schoolId: string, n: number) => inTransaction(t.ds, async (m) => {
    for (let i = 0; i < n; i++) await audit.append(m, { schoolId, actorUserId: randomUUID(), actorRole: 'admin', action: 'school.updated', details: { i, note: `第${i}步` } });
  });
  /** A school of district a with `n` entries, which the district a officer may verify. */
  const freshSchool = async (n: number) => {
    const school = await t.ds.getRepository(SchoolEntity).save({ districtId: ids.a.districtId, name: `校${randomUUID().slice(0, 4)}`, createdAt: new Date(), settings: null });
    await append(school.id, n);
    return school.id;
  };
  const verifyRoute = async (schoolId: string): Promise<AuditVerifyResponse> => {
    const res = await t.request('GET', `/schools/${schoolId}/audit/verify`, { token: officerToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const entries = (schoolId: string) => t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId }, order: { seq: 'ASC' } });

  /**
   * What someone with write access to the database can do: drop entry `removeSeq` (or rewrite its details), then
   * renumber and re-hash every later entry and move the head row, so the chain is consistent in itself again.
   */
  const rechain = async (schoolId: string, change: { removeSeq: number } | { rewriteSeq: number }) => {
    const rows = await entries(schoolId);
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const row of rows) {
      if ('removeSeq' in change && row.seq === change.removeSeq) {
        await t.ds.query('DELETE FROM audit_entries WHERE id = ?', [row.id]);
        continue;
      }
      const details = 'rewriteSeq' in change && row.seq === change.rewriteSeq ? { forged: true } : row.details;
      seq++;
      const hash = chainHash(prev, {
        schoolId, seq, at: new Date(row.at).toISOString(), actorUserId: row.actorUserId, actorRole: row.actorRole,
        action: row.action, targetType: row.targetType, targetId: row.targetId, details,
      });
      await t.ds.query('UPDATE audit_entries SET seq = ?, prev_hash = ?, hash = ?, details = ? WHERE id = ?', [seq, prev, hash, JSON.stringify(details), row.id]);
      prev = hash;
    }
    await t.ds.query('UPDATE audit_heads SET last_seq = ?, last_hash = ? WHERE school_id = ?', [seq, prev, schoolId]);
  };

  it('signs each school head once a day into its file and sends every officer of the district the digest', async () => {
    await append(ids.a.schoolId, 4);
    t.clock.set(new Date('2026-12-01T02:00:00Z')); // 10:00 in Shanghai
    const first = await checkpoints.checkpointDue(100, Infinity);
    expect(first.outcomes[ids.a.schoolId]).toBe('signed');
    const head = (await t.ds.getRepository(AuditHeadEntity).findOneByOrFail({ schoolId: ids.a.schoolId }));

    const lines = readCheckpoints(dir, ids.a.schoolId);
    expect(lines).toHaveLength(1);
    const cp = (lines[0] as { checkpoint: any }).checkpoint;
    expect(cp).toMatchObject({ schoolId: ids.a.schoolId, seq: head.lastSeq, headHash: head.lastHash, signedAt: expect.stringMatching(/^2026-12-01T02:00:0/) });
    expect(checkSignature(trustedKeyMap(t.config.audit.trustedKeys), cp)).toBeNull();

    // The digest: one outbox row per officer of the school's district, short head in WeChat, full hash in the inbox.
    const digests = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'audit.digest', schoolId: ids.a.schoolId } });
    expect(digests.map((d) => d.recipientUserId).sort()).toEqual([ids.a.userIds.district, ids.b.userIds.district].sort());
    expect(digests.every((d) => d.channel === 'wechat_subscribe' && (d.data as any).head === `${head.lastSeq}:${head.lastHash.slice(0, 24)}`)).toBe(true);
    const inbox = await t.ds.getRepository(InboxItemEntity).find({ where: { template: 'audit.digest', schoolId: ids.a.schoolId } });
    expect(inbox).toHaveLength(2);
    expect(inbox.every((i) => i.body.includes(head.lastHash))).toBe(true);
    // School b is in another district: only its own officer hears about it.
    const digestsB = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'audit.digest', schoolId: ids.b.schoolId } });
    expect(digestsB.map((d) => d.recipientUserId)).toEqual(first.outcomes[ids.b.schoolId] === 'signed' ? [ids.b.userIds.district] : []);
    // The worker delivers it: WeChat accepts the short head as a character_string value.
    await t.get(WorkerService).drain();
    const sent = fake.delivered().filter((m) => m.templateId === 'dev-audit-digest' && (m.data as any)?.character_string2?.value === `${head.lastSeq}:${head.lastHash.slice(0, 24)}`);
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((m) => m.touser)).size).toBe(2);

    // Later the same day: nothing new, however often the worker looks.
    await append(ids.a.schoolId, 1);
    t.clock.advance(3600_000);
    expect((await checkpoints.checkpointDue(100, Infinity)).outcomes).toEqual({});
    expect(readCheckpoints(dir, ids.a.schoolId)).toHaveLength(1);
    expect(await t.ds.getRepository(OutboxEntity).count({ where: { template: 'audit.digest', schoolId: ids.a.schoolId } })).toBe(2);

    // The next day: a second checkpoint, including the entry added since.
    t.clock.set(new Date('2026-12-02T02:00:00Z'));
    expect((await checkpoints.checkpointDue(100, Infinity)).outcomes[ids.a.schoolId]).toBe('signed');
    const after = readCheckpoints(dir, ids.a.schoolId);
    expect(after.map((l: any) => l.checkpoint.seq)).toEqual([head.lastSeq, head.lastSeq + 1]);
    const report = await verifyRoute(ids.a.schoolId);
    expect(report).toMatchObject({ ok: true, checkpointsChecked: 2, lastCheckpoint: { seq: head.lastSeq + 1 }, brokenCheckpoint: null });
  });

  it('two workers write at most one checkpoint per school per day', async () => {
    const schools = [await freshSchool(3), await freshSchool(2)];
    let peer: NestFastifyApplication | null = null;
    let other: AuditCheckpointService;
    let otherClock: Clock;
    if (t.db.engine === 'mariadb') {
      // A second server on the same database: its own pool, clock and checkpoint service.
      peer = (await createApp(t.config, { logger: createLogger('silent'), docsUi: false })).app;
      await peer.init();
      other = peer.get(AuditCheckpointService);
      otherClock = peer.get(Clock);
    } else {
      // SQLite has one writer per process: a second service on the same connection, like a second worker loop.
      other = new AuditCheckpointService(t.ds, t.get(APP_CONFIG), t.get<Logger>(LOGGER), t.clock, t.get(OutboxService), t.get(AuditVerifier));
      otherClock = t.clock;
    }
    try {
      for (const c of [t.clock, otherClock]) c.set(new Date('2026-12-05T01:00:00Z'));
      const runs = await Promise.all([
        checkpoints.checkpointDue(100, Infinity), other.checkpointDue(100, Infinity),
        ...schools.flatMap((s) => [checkpoints.checkpointSchool(s), other.checkpointSchool(s)]),
      ]);
      const day = formatDate(new Date('2026-12-05T01:00:00Z'));
      for (const s of schools) {
        const outcomes = [...runs.slice(0, 2).map((r: any) => r.outcomes[s]), ...runs.slice(2).filter((_, i) => schools[Math.floor(i / 2)] === s)];
        expect(outcomes.filter((o) => o === 'signed')).toHaveLength(1);
        expect(await t.ds.getRepository(AuditCheckpointEntity).count({ where: { schoolId: s, day } })).toBe(1);
        expect(readCheckpoints(dir, s)).toHaveLength(1);
        expect(await t.ds.getRepository(OutboxEntity).count({ where: { template: 'audit.digest', schoolId: s } })).toBe(2);
        expect((await verifyRoute(s)).ok).toBe(true);
      }
    } finally {
      await peer?.close();
      otherClock.reset();
    }
  });

  it('deleting an entry and re-chaining the rest is caught by the signed checkpoint, in the route and the CLI', async () => {
    const s = await freshSchool(6);
    expect(await checkpoints.checkpointSchool(s)).toBe('signed');
    await rechain(s, { removeSeq: 3 });
    // The chain is consistent in itself, head row included: only the checkpoint outside the database shows it.
    const unsigned = new AuditVerifier(t.ds, { checkpointDir: `${dir}-none`, trustedKeys: t.config.audit.trustedKeys });
    expect((await unsigned.verify(s)).ok).toBe(true);

    const report = await verifyRoute(s);
    expect(report).toMatchObject({ ok: false, entries: 5, firstBrokenSeq: 6, brokenCheckpoint: { line: 1, seq: 6 } });
    expect(report.problem).toContain('校验点文件第 1 行');

    const r = await cli(['--school', s], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN  school ${s}: first broken entry seq 6, checkpoint file line 1 (seq 6, signed`);
  });

  it('a checkpoint whose seq no longer holds the signed hash is named with the range rewritten', async () => {
    const s = await freshSchool(3);
    expect(await checkpoints.checkpointSchool(s)).toBe('signed');
    await append(s, 2);
    t.clock.advance(DAY);
    expect(await checkpoints.checkpointSchool(s)).toBe('signed'); // line 2: seq 5
    await rechain(s, { rewriteSeq: 4 });
    const report = await verifyRoute(s);
    expect(report).toMatchObject({ ok: false, firstBrokenSeq: 5, brokenCheckpoint: { line: 2, seq: 5 } });
    expect(report.problem).toContain('第 4–5 条之间的记录在签名后被改写或删除');
    const r = await cli(['--school', s], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('first broken entry seq 5, checkpoint file line 2 (seq 5');
  });

  it('deleting the last entry is caught by the route from the head row, and with the head rewound by the checkpoint', async () => {
    const s = await freshSchool(5);
    expect((await verifyRoute(s)).ok).toBe(true);
    const fifth = (await entries(s))[4];
    await t.ds.query('DELETE FROM audit_entries WHERE id = ?', [fifth.id]);
    const report = await verifyRoute(s);
    expect(report).toMatchObject({ ok: false, firstBrokenSeq: 5, brokenCheckpoint: null });
    expect(report.problem).toContain('链头记录为第 5 条');

    // Restore, sign, then delete again and rewind the head row as well.
    await t.ds.getRepository(AuditEntryEntity).insert(fifth as any);
    expect(await checkpoints.checkpointSchool(s)).toBe('signed');
    await t.ds.query('DELETE FROM audit_entries WHERE id = ?', [fifth.id]);
    await t.ds.query('UPDATE audit_heads SET last_seq = 4, last_hash = ? WHERE school_id = ?', [(await entries(s))[3].hash, s]);
    expect(await verifyRoute(s)).toMatchObject({ ok: false, firstBrokenSeq: 5, brokenCheckpoint: { line: 1, seq: 5 } });

    // A deleted head row is named too.
    const s2 = await freshSchool(2);
    await t.ds.query('DELETE FROM audit_heads WHERE school_id = ?', [s2]);
    expect(await verifyRoute(s2)).toMatchObject({ ok: false, problem: '链头记录缺失' });
  });

  it('a forged checkpoint is named: a changed line, and a line signed by a key nobody trusts', async () => {
    const s = await freshSchool(4);
    expect(await checkpoints.checkpointSchool(s)).toBe('signed');
    const file = checkpointFilePath(dir, s);
    const genuine = JSON.parse(readFileSync(file, 'utf8').trim());
    expect((await verifyRoute(s)).ok).toBe(true);

    // A copy of the real line claiming a different head: the signature no longer holds.
    appendFileSync(file, `${JSON.stringify({ ...genuine, seq: 3, headHash: (await entries(s))[2].hash })}\n`);
    let report = await verifyRoute(s);
    expect(report).toMatchObject({ ok: false, firstBrokenSeq: null, brokenCheckpoint: { line: 2, seq: 3 } });
    expect(report.problem).toContain('签名无效');
    const r = await cli(['--school', s], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN  school ${s}: checkpoint file line 2 (seq 3`);

    // A retried write repeating the genuine line is harmless; a checkpoint under an unknown key is not.
    const s2 = await freshSchool(2);
    expect(await checkpoints.checkpointSchool(s2)).toBe('signed');
    const file2 = checkpointFilePath(dir, s2);
    appendFileSync(file2, readFileSync(file2, 'utf8'));
    expect(await verifyRoute(s2)).toMatchObject({ ok: true, checkpointsChecked: 1 });
    const foreign = parsePrivateKey(generateSigningKey().privateKey);
    const head = (await entries(s2))[1];
    appendFileSync(file2, `${JSON.stringify(signCheckpoint(foreign, publicKeyOf(foreign), { schoolId: s2, seq: 2, headHash: head.hash, signedAt: new Date().toISOString() }))}\n`);
    report = await verifyRoute(s2);
    expect(report).toMatchObject({ ok: false, brokenCheckpoint: { line: 3, seq: 2 } });
    expect(report.problem).toContain('不在信任的公钥之列');
  });

  it('a checkpoint file that cannot be read answers 503 in the one error shape, not a false alarm', async () => {
    const s = await freshSchool(1);
    mkdirSync(checkpointFilePath(dir, s), { recursive: true }); // a folder where the file should be
    const res = await t.request('GET', `/schools/${s}/audit/verify`, { token: officerToken });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('无法读取审计校验点文件') });
  });

  it('a chain that fails verification is not signed; the officers are told instead', async () => {
    const s = await freshSchool(3);
    await t.ds.query('UPDATE audit_entries SET details = ? WHERE school_id = ? AND seq = 2', [JSON.stringify({ forged: true }), s]);
    expect(await checkpoints.checkpointSchool(s)).toBe('broken');
    expect(readCheckpoints(dir, s)).toEqual([]);
    const row = await t.ds.getRepository(AuditCheckpointEntity).findOneByOrFail({ schoolId: s });
    expect(row).toMatchObject({ ok: false, signature: null });
    const digests = await t.ds.getRepository(OutboxEntity).find({ where: { template: 'audit.digest', schoolId: s } });
    expect(digests).toHaveLength(2);
    expect(digests[0].title).toContain('审计日志异常');
    expect(digests[0].body).toContain('第 2 条记录内容与其哈希不符');
  });

  it('a signed line that never reached the file (the worker died after the commit) is written by a later run', async () => {
    const s = await freshSchool(2);
    expect(await checkpoints.checkpointSchool(s)).toBe('signed');
    const row = await t.ds.getRepository(AuditCheckpointEntity).findOneByOrFail({ schoolId: s });
    expect(row.fileWrittenAt).not.toBeNull();
    // The crash: the row committed, the line never reached the file.
    writeFileSync(checkpointFilePath(dir, s), '');
    await t.ds.query('UPDATE audit_checkpoints SET file_written_at = NULL WHERE id = ?', [row.id]);
    await checkpoints.checkpointDue(0);
    expect(readCheckpoints(dir, s)).toEqual([]); // its own writer may still be at it: not yet
    t.clock.advance(2 * 60_000);
    await checkpoints.checkpointDue(0);
    const written = readCheckpoints(dir, s);
    expect(written).toHaveLength(1);
    expect((written[0] as any).checkpoint).toMatchObject({ seq: row.seq, headHash: row.headHash, signature: row.signature });
    expect((await t.ds.getRepository(AuditCheckpointEntity).findOneByOrFail({ id: row.id })).fileWrittenAt).not.toBeNull();
    expect(await verifyRoute(s)).toMatchObject({ ok: true, checkpointsChecked: 1 });
  });
});
