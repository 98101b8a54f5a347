import { randomUUID } from 'node:crypto';
import { DemoRole, type AuditAction } from '@anxin/shared';
import { AuditService } from '../../src/platform/audit/audit.service';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { DistrictEntity } from '../../src/features/tenancy/district.entity';
import { TestApp } from '../support/test-app';

describe('audit chain (real database)', () => {
  let t: TestApp;
  let audit: AuditService;
  let schoolId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    audit = t.get(AuditService);
    const district = await t.ds.getRepository(DistrictEntity).save({ name: '测试区', code: `D${Date.now()}`, createdAt: new Date() });
    const school = await t.ds.getRepository(SchoolEntity).save({ districtId: district.id, name: '测试学校', createdAt: new Date(), settings: null });
    schoolId = school.id;
  });
  afterAll(() => t?.stop());

  const append = (action: AuditAction, details: Record<string, unknown> = {}) =>
    inTransaction(t.ds, (m) => audit.append(m, { schoolId, actorUserId: randomUUID(), actorRole: 'admin', action, details }));

  it('appends a linked chain that verifies, with emoji and Chinese intact', async () => {
    for (let i = 1; i <= 5; i++) await append('school.updated', { i, note: `第${i}步 😀` });
    const result = await audit.verifyChain(schoolId);
    expect(result).toMatchObject({ ok: true, entries: 5, firstBrokenSeq: null });
    const rows = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId }, order: { seq: 'ASC' } });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[2].details).toEqual({ i: 3, note: '第3步 😀' });
    expect(rows[1].prevHash).toBe(rows[0].hash);
  });

  it('names exactly the entry that was changed directly in the database', async () => {
    const repo = t.ds.getRepository(AuditEntryEntity);
    const third = await repo.findOneOrFail({ where: { schoolId, seq: 3 } });
    await t.ds.query(`UPDATE audit_entries SET details = ? WHERE id = ?`, [JSON.stringify({ i: 3, note: 'forged' }), third.id]);
    const result = await audit.verifyChain(schoolId);
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(3);
    // restore for the next test
    await t.ds.query(`UPDATE audit_entries SET details = ? WHERE id = ?`, [JSON.stringify(third.details), third.id]);
    expect((await audit.verifyChain(schoolId)).ok).toBe(true);
  });

  it('detects a deleted last entry from the head row, and against an exported checkpoint', async () => {
    const head = await audit.head(schoolId);
    expect(head?.seq).toBe(5);
    await t.ds.query(`DELETE FROM audit_entries WHERE school_id = ? AND seq = 5`, [schoolId]);
    // The head row still names entry 5: the truncation is named without any checkpoint…
    expect(await audit.verifyChain(schoolId)).toMatchObject({ ok: false, firstBrokenSeq: 5 });
    // …and with the head row rewound too, an exported checkpoint still names it.
    await t.ds.query('UPDATE audit_heads SET last_seq = 4, last_hash = (SELECT hash FROM audit_entries WHERE school_id = ? AND seq = 4) WHERE school_id = ?', [schoolId, schoolId]);
    const result = await audit.verifyChain(schoolId, { seq: head!.seq, hash: head!.hash });
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(5);
  });

  it('keeps one unbroken chain under concurrent appends', async () => {
    const district = await t.ds.getRepository(DistrictEntity).findOneOrFail({ where: {} });
    const other = await t.ds.getRepository(SchoolEntity).save({ districtId: district.id, name: '并发学校', createdAt: new Date(), settings: null });
    await Promise.all(Array.from({ length: 30 }, (_, i) =>
      inTransaction(t.ds, (m) => audit.append(m, { schoolId: other.id, actorUserId: null, actorRole: null, action: 'school.updated', details: { i } }))));
    const result = await audit.verifyChain(other.id);
    expect(result).toMatchObject({ ok: true, entries: 30 });
  });
});

describe('demo seed', () => {
  it('is idempotent and lets every demo role log in', async () => {
    const t = await TestApp.start();
    try {
      const first = await t.seedDemo();
      const second = await t.seedDemo();
      expect(second).toEqual(first);
      for (const role of Object.values(DemoRole)) {
        const token = await t.login(role, 'b');
        const me = await t.request('GET', '/me', { token });
        expect(me.status).toBe(200);
      }
      // Logins are kept in the operators' security log, never in a school's chain (see identity-login.db-spec.ts).
      expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: first.b.schoolId, action: 'staff.login' } })).toBe(0);
    } finally {
      await t.stop();
    }
  });
});

describe('first audit entries of a school written concurrently', () => {
  it('never fail: parallel first appends to a school all succeed (MariaDB once deadlocked here)', async () => {
    for (let round = 0; round < 3; round++) {
      const t = await TestApp.start();
      try {
        const district = await t.ds.getRepository(DistrictEntity).save({ name: '并发区', code: `C${round}${Date.now()}`, createdAt: new Date() });
        const { id: schoolId } = await t.ds.getRepository(SchoolEntity).save({ districtId: district.id, name: '并发学校', createdAt: new Date(), settings: null });
        const audit = t.get<AuditService>(AuditService);
        const actions = ['a', 'b', 'c', 'd', 'e', 'f'];
        await Promise.all(actions.map((action) => inTransaction(t.ds, (m) => audit.append(m, { schoolId, actorUserId: null, actorRole: null, action: 'school.updated', details: { action } }))));
        const verify = await audit.verifyChain(schoolId);
        expect(verify).toMatchObject({ ok: true, entries: actions.length });
      } finally {
        await t.stop();
      }
    }
  });
});
