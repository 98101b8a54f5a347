import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditHeadEntity } from '../../src/platform/audit/audit-head.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import type { AuditVerifier } from '../../src/platform/audit/audit-verifier';
import { appendCheckpoint } from '../../src/platform/audit/checkpoint-file';
import { signCheckpoint } from '../../src/platform/audit/checkpoint-signature';
import { generateSigningKey } from '../../src/platform/audit/audit-keys';
import { run as auditVerify } from '../../src/cli/audit-verify';
import type { CliIo } from '../../src/cli/cli-support';
import { run as migrate } from '../../src/cli/migrate';
import { Clock } from '../../src/platform/common/clock/clock';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { MIGRATIONS } from '../../src/platform/database/migrations';
import { inTransaction } from '../../src/platform/database/transaction';
import { loadConfig, parseDatabaseUrl } from '../../src/platform/config/app-config';
import type { AccessService } from '../../src/features/tenancy/access.service';
import { DistrictEntity } from '../../src/features/tenancy/district.entity';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** Runs a CLI's `run(argv, env)` in-process and captures what it prints. */
async function cli(fn: (argv: string[], env: Record<string, string | undefined>, io: CliIo) => Promise<number>, argv: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const migrationNames = MIGRATIONS.map((M) => new M().name ?? M.name);

describe('npm run migrate', () => {
  const dbs: TestDatabase[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return { db, env: { NODE_ENV: 'test', DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir } };
  };
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('applies every migration on an empty database, prints each, and is a no-op the second time', async () => {
    const { env } = await fresh();
    const check = await cli(migrate, ['--check'], env);
    expect(check.code).toBe(1);
    for (const name of migrationNames) expect(check.out).toContain(name);

    const first = await cli(migrate, [], env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    for (const name of migrationNames) expect(first.out).toContain(`applied ${name}`);
    expect(first.out).toContain(`${migrationNames.length} migration(s) applied`);

    const second = await cli(migrate, [], env);
    expect(second.code).toBe(0);
    expect(second.out).toContain('up to date');
    expect(second.out).not.toContain('applied ');
    expect((await cli(migrate, ['--check'], env)).code).toBe(0);

    // the schema is really there
    const ds = new DataSource(dataSourceOptions(parseDatabaseUrl(env.DATABASE_URL)));
    await ds.initialize();
    try {
      expect(await ds.showMigrations()).toBe(false);
      expect(await ds.getRepository(AuditEntryEntity).count()).toBe(0);
    } finally {
      await ds.destroy();
    }
  });

  it('names the migration that failed and exits non-zero', async () => {
    const { env } = await fresh();
    // A table in the way of the first migration.
    const ds = new DataSource({ ...dataSourceOptions(parseDatabaseUrl(env.DATABASE_URL)), migrations: [] });
    await ds.initialize();
    await ds.query('CREATE TABLE users (id varchar(36) PRIMARY KEY)');
    await ds.destroy();
    const r = await cli(migrate, [], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`migration ${migrationNames[0]} failed`);
  });

  it('explains an unreachable database without printing its password', async () => {
    const r = await cli(migrate, [], { NODE_ENV: 'test', DATABASE_URL: 'mariadb://anxin:hunter2@127.0.0.1:1/anxin', ANXIN_DATA_DIR: dbs[0].dataDir });
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot open the database mariadb://anxin@127.0.0.1:1/anxin');
    expect(r.err).not.toContain('hunter2');
  });

  it('stops on a bad configuration naming the variable (78) and on unknown arguments (2)', async () => {
    const bad = await cli(migrate, [], { DATABASE_URL: 'postgres://x@y/z', ANXIN_DATA_DIR: dbs[0].dataDir });
    expect(bad.code).toBe(78);
    expect(bad.err).toContain('DATABASE_URL');
    const usage = await cli(migrate, ['--force'], {});
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('unknown argument "--force"');
  });
});

describe('npm run audit:verify', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let ds: DataSource;
  let audit: AuditService;
  let schoolA: string;
  let schoolB: string;

  const append = (schoolId: string, i: number) =>
    inTransaction(ds, (m) => audit.append(m, { schoolId, actorUserId: randomUUID(), actorRole: 'admin', action: 'school.updated', details: { i, note: `第${i}步` } }));

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { NODE_ENV: 'test', DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir };
    expect((await cli(migrate, [], env)).code).toBe(0);
    ds = new DataSource(dataSourceOptions(parseDatabaseUrl(db.url)));
    await ds.initialize();
    // append only: neither the access service nor the verifier is used
    audit = new AuditService(ds, null as unknown as AccessService, new Clock(), null as unknown as AuditVerifier);
    const district = await ds.getRepository(DistrictEntity).save({ name: '区', code: 'CLI', createdAt: new Date() });
    schoolA = (await ds.getRepository(SchoolEntity).save({ districtId: district.id, name: '甲校', createdAt: new Date(), settings: null })).id;
    schoolB = (await ds.getRepository(SchoolEntity).save({ districtId: district.id, name: '乙校', createdAt: new Date(), settings: null })).id;
    for (let i = 1; i <= 5; i++) {
      await append(schoolA, i);
      await append(schoolB, i);
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('verifies every school and exits 0 when all chains are intact', async () => {
    const r = await cli(auditVerify, [], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`OK      school ${schoolA}: 5 entries`);
    expect(r.out).toContain(`OK      school ${schoolB}: 5 entries`);
    expect(r.out).toContain('2 school(s) checked, 0 broken');
  });

  it('--school verifies one school only', async () => {
    const r = await cli(auditVerify, ['--school', schoolB], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain(schoolB);
    expect(r.out).not.toContain(schoolA);
    const unknown = await cli(auditVerify, ['--school', randomUUID()], env);
    expect(unknown.code).toBe(2);
  });

  it('a changed entry: exits 1 naming exactly that seq, and only for that school', async () => {
    const third = await ds.getRepository(AuditEntryEntity).findOneByOrFail({ schoolId: schoolA, seq: 3 });
    await ds.getRepository(AuditEntryEntity).update({ id: third.id }, { details: { i: 3, note: 'forged' } });
    try {
      const r = await cli(auditVerify, [], env);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`BROKEN  school ${schoolA}: first broken entry seq 3`);
      expect(r.out).toContain(`OK      school ${schoolB}`);
      expect(r.out).toContain('2 school(s) checked, 1 broken');
      // no checkpoint is exported for a broken chain
      const file = join(db.dataDir, 'refused.json');
      const exp = await cli(auditVerify, ['--export-checkpoint', file], env);
      expect(exp.code).toBe(1);
      expect(existsSync(file)).toBe(false);
    } finally {
      await ds.getRepository(AuditEntryEntity).save(third); // restore the original content
    }
    expect((await cli(auditVerify, [], env)).code).toBe(0);
  });

  it('a changed hash link (prev_hash) is named too', async () => {
    const second = await ds.getRepository(AuditEntryEntity).findOneByOrFail({ schoolId: schoolB, seq: 2 });
    await ds.getRepository(AuditEntryEntity).update({ id: second.id }, { prevHash: 'f'.repeat(64) });
    try {
      const r = await cli(auditVerify, ['--school', schoolB], env);
      expect(r.code).toBe(1);
      expect(r.out).toContain('first broken entry seq 2');
    } finally {
      await ds.getRepository(AuditEntryEntity).update({ id: second.id }, { prevHash: second.prevHash });
    }
  });

  it('a deleted last entry (with the chain head rewound too) is detected against an exported checkpoint', async () => {
    const file = join(db.dataDir, 'checkpoint.json');
    const exp = await cli(auditVerify, ['--export-checkpoint', file], env);
    expect(exp.code).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.format).toBe('anxin-audit-checkpoint/1');
    expect(saved.heads).toEqual(expect.arrayContaining([expect.objectContaining({ schoolId: schoolA, seq: 5 }), expect.objectContaining({ schoolId: schoolB, seq: 5 })]));

    const repo = ds.getRepository(AuditEntryEntity);
    const fifth = await repo.findOneByOrFail({ schoolId: schoolA, seq: 5 });
    const fourth = await repo.findOneByOrFail({ schoolId: schoolA, seq: 4 });
    await repo.delete({ id: fifth.id });

    // The head row still says 5: caught even without a checkpoint.
    const headOnly = await cli(auditVerify, [], env);
    expect(headOnly.code).toBe(1);
    expect(headOnly.out).toContain(`BROKEN  school ${schoolA}: first broken entry seq 5`);

    // A careful forger rewinds the head row as well: the chain is then consistent in itself…
    await ds.getRepository(AuditHeadEntity).update({ schoolId: schoolA }, { lastSeq: 4, lastHash: fourth.hash });
    expect((await cli(auditVerify, [], env)).code).toBe(0);
    // …so a checkpoint kept outside the database shows the truncation, at exactly the missing entry: a signed one
    // in the school's checkpoint file (as the worker writes daily)…
    const config = loadConfig(env);
    const signedAt = new Date().toISOString();
    appendCheckpoint(config.audit.checkpointDir, signCheckpoint(config.audit.signingKey, config.audit.trustedKeys[0], { schoolId: schoolA, seq: 5, headHash: fifth.hash, signedAt }));
    const signed = await cli(auditVerify, [], env);
    expect(signed.code).toBe(1);
    expect(signed.out).toContain(`BROKEN  school ${schoolA}: first broken entry seq 5, checkpoint file line 1 (seq 5, signed ${signedAt})`);
    expect(signed.out).toContain(`OK      school ${schoolB}: 5 entries`);
    // …verifiable with the public key alone, and refused under a key that did not sign it…
    const publicOnly = config.audit.trustedKeys[0].export({ format: 'der', type: 'spki' }).toString('base64');
    expect((await cli(auditVerify, ['--school', schoolA, '--public-key', publicOnly], env)).out).toContain('first broken entry seq 5, checkpoint file line 1');
    const wrongKey = await cli(auditVerify, ['--school', schoolA, '--public-key', generateSigningKey().publicKey], env);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.out).toContain('不在信任的公钥之列');
    expect((await cli(auditVerify, ['--public-key', 'nonsense!'], env)).code).toBe(2);
    // …or an exported checkpoint given on the command line (here with the signed file out of the way).
    const r = await cli(auditVerify, ['--checkpoint', file, '--checkpoint-dir', join(db.dataDir, 'no-checkpoints')], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN  school ${schoolA}: first broken entry seq 5`);
    expect(r.out).toContain(`OK      school ${schoolB}: 5 entries`);
    expect(r.out).toContain('matches checkpoint #5');

    // A single head as the API returns it (GET /schools/{id}/audit/checkpoint) works as a checkpoint too.
    const one = join(db.dataDir, 'one.json');
    writeFileSync(one, JSON.stringify(saved.heads.find((h: { schoolId: string }) => h.schoolId === schoolA)));
    const single = await cli(auditVerify, ['--school', schoolA, '--checkpoint', one, '--checkpoint-dir', join(db.dataDir, 'no-checkpoints')], env);
    expect(single.code).toBe(1);
    expect(single.out).toContain('first broken entry seq 5');
  });

  it('refuses an unreadable checkpoint or unknown arguments with exit 2', async () => {
    const bad = join(db.dataDir, 'bad.json');
    writeFileSync(bad, '{"schoolId": "x", "seq": "five"}');
    expect((await cli(auditVerify, ['--checkpoint', bad], env)).code).toBe(2);
    expect((await cli(auditVerify, ['--checkpoint', join(db.dataDir, 'missing.json')], env)).code).toBe(2);
    expect((await cli(auditVerify, ['--checkpoint'], env)).code).toBe(2);
    expect((await cli(auditVerify, ['--repair'], env)).code).toBe(2);
  });
});
