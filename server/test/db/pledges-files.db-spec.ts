import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { run as auditVerify } from '../../src/cli/audit-verify';
import type { CliIo } from '../../src/cli/cli-support';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { PledgeSignatureEntity } from '../../src/features/pledges/pledge-signature.entity';
import { PledgeEntity } from '../../src/features/pledges/pledge.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { SealJob } from '../../src/platform/audit/seal/seal-job';
import { TestApp } from '../support/test-app';
import { bind, makeGuardian, SCHOOL_MORNING, student, type TestGuardian } from './notices-helpers';
import { signBody } from './pledges-helpers';

const HOUR = 3600_000;

/** Writes `bytes` to a temporary file and runs a poppler / unzip tool on it. */
function tool(bytes: Buffer, ext: string, cmd: string, args: (file: string) => string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pledge-files-'));
  try {
    const file = join(dir, `f.${ext}`);
    writeFileSync(file, bytes);
    return execFileSync(cmd, args(file), { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const pdfText = (pdf: Buffer) => tool(pdf, 'pdf', 'pdftotext', (f) => ['-enc', 'UTF-8', f, '-']);
const zipEntries = (zip: Buffer) => tool(zip, 'zip', 'unzip', (f) => ['-Z1', f]).split('\n').filter(Boolean).sort();

async function ledgerRows(xlsx: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

/**
 * The pledge's files at the demo school: the ledger (days and statuses), one signed copy as PDF for staff and for the
 * signer's family, a class's zip, a class's signatures with their ids, verifying a signature (sealed or waiting) and
 * a signature changed in the database failing verify and named by `npm run audit:verify`.
 */
describe('pledges: ledger, PDFs, class zip, signatures, verify', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let class3a: string;
  let class3b: string;
  let pledge: PledgeEntity;
  let mother: TestGuardian; // 刘思彤, 三年级1班
  let otherFamily: TestGuardian; // 徐可馨, 三年级2班
  let mine: string; // the mother's signature
  let theirs: string; // the other family's signature (三年级2班)

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal', 'guardian'] as const) tok[role] = await t.login(role, 'a');
    tok.adminB = await t.login('admin', 'b');
    [class3a, class3b] = ids.a.classIds;
    pledge = await t.ds.getRepository(PledgeEntity).findOneByOrFail({ schoolId: ids.a.schoolId });
    mother = await makeGuardian(t, '刘女士');
    otherFamily = await makeGuardian(t, '徐女士');
    const liu = await student(t, class3a, '刘思彤');
    const xu = await student(t, class3b, '徐可馨');
    await bind(t, mother.userId, liu, 'mother');
    await bind(t, otherFamily.userId, xu, 'mother');
    const a = await t.request('POST', `/pledges/${pledge.id}/signatures`, { token: mother.token, body: await signBody(liu.id, 1) });
    const b = await t.request('POST', `/pledges/${pledge.id}/signatures`, { token: otherFamily.token, body: await signBody(xu.id, 1) });
    expect([a.status, b.status]).toEqual([201, 201]);
    mine = a.body.id;
    theirs = b.body.id;
  });
  afterAll(() => t?.stop());

  const get = (url: string, token: string) => t.request('GET', url, { token });

  it('the ledger: one row per child of the caller\'s classes with the day, version, hash and status; audited', async () => {
    const res = await get(`/pledges/${pledge.id}/ledger.xlsx`, tok.teacher);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await ledgerRows(res.raw);
    expect(rows[2]).toEqual(['班级', '学生', '家长关系', '签署日期', '版本', '文本哈希', '学生已签', '状态']);
    const body = rows.slice(3);
    expect(body).toHaveLength(8);
    expect(new Set(body.map((r) => r[0]))).toEqual(new Set(['三年级1班']));
    const signatures = await t.ds.getRepository(PledgeSignatureEntity).findBy({ pledgeId: pledge.id, classId: class3a });
    expect(signatures).toHaveLength(3);
    const liu = body.find((r) => r[1] === '刘思彤')!;
    const version = (await get(`/pledges/${pledge.id}`, tok.teacher)).body.versions[0];
    expect(liu).toEqual(['三年级1班', '刘思彤', '母亲', signatures.find((s) => s.id === mine)!.signedOn, '1', version.textHash, '是', '已签']);
    expect(liu[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.filter((r) => r[7] === '已签')).toHaveLength(3);
    expect(body.filter((r) => r[7] === '未签')).toHaveLength(5);
    expect(body.filter((r) => r[7] === '未签').every((r) => r[2] === '' && r[3] === '')).toBe(true);
    // The principal: every class.
    const all = (await ledgerRows((await get(`/pledges/${pledge.id}/ledger.xlsx`, tok.principal)).raw)).slice(3);
    expect(new Set(all.map((r) => r[0])).size).toBe(ids.a.classIds.length);
    expect(all.find((r) => r[1] === '徐可馨')?.[7]).toBe('已签');
    const audit = await t.ds.getRepository(AuditEntryEntity).findBy({ schoolId: ids.a.schoolId, action: 'pledge.exported' });
    expect(audit.map((e) => e.details?.format)).toEqual(['xlsx', 'xlsx']);
    // Another school: 404.
    expect((await get(`/pledges/${pledge.id}/ledger.xlsx`, tok.adminB)).status).toBe(404);
  });

  it('a class\'s signatures with ids; another class of the pledge 403, another school 404', async () => {
    const res = await get(`/pledges/${pledge.id}/classes/${class3a}/signatures`, tok.teacher);
    expect(res.status).toBe(200);
    expect(res.body.signatures).toHaveLength(3);
    expect(res.body.signatures).toContainEqual({
      signatureId: mine, studentId: expect.any(String), studentName: '刘思彤', relation: 'mother', relationLabel: '母亲',
      signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), versionNumber: 1, studentSigned: true, superseded: false,
    });
    expect((await get(`/pledges/${pledge.id}/classes/${class3b}/signatures`, tok.teacher)).status).toBe(403);
    expect((await get(`/pledges/${pledge.id}/classes/${class3a}/signatures`, tok.adminB)).status).toBe(404);
  });

  it('the signed PDF: school, year, the text, the day, version and hash in Chinese; staff and the signer\'s family only', async () => {
    const staff = await get(`/pledges/${pledge.id}/signatures/${mine}.pdf`, tok.teacher);
    expect(staff.status).toBe(200);
    expect(staff.headers['content-type']).toContain('application/pdf');
    expect(staff.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(staff.raw);
    const sig = await t.ds.getRepository(PledgeSignatureEntity).findOneByOrFail({ id: mine });
    const [y, m, d] = sig.signedOn.split('-').map(Number);
    expect(text).toContain('阳光实验小学');
    expect(text).toContain(`${pledge.schoolYear} 学年防范校园欺凌承诺书`);
    expect(text).toContain('刘思彤');
    expect(text).toContain(`签署日期：${y}年${m}月${d}日`);
    expect(text).toContain('第 1 版');
    expect(text.replace(/\s/g, '')).toContain(sig.textHash);
    expect(text).toContain('学生签名');
    expect(text).not.toMatch(/\d{1,2}:\d{2}/); // a day, never a time
    const own = await get(`/me/pledges/${pledge.id}/signatures/${mine}.pdf`, mother.token);
    expect(own.status).toBe(200);
    expect(own.raw.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(`/me/pledges/${pledge.id}/signatures/${mine}.pdf`, otherFamily.token)).status).toBe(404);
    expect((await get(`/me/pledges/${pledge.id}/signatures/${mine}.pdf`, tok.guardian)).status).toBe(404);
    expect((await get(`/pledges/${pledge.id}/signatures/${theirs}.pdf`, tok.teacher)).status).toBe(403);
    expect((await get(`/pledges/${pledge.id}/signatures/${mine}.pdf`, tok.adminB)).status).toBe(404);
    expect((await get(`/pledges/${pledge.id}/signatures/${theirs}.pdf`, tok.principal)).status).toBe(200);
    const audit = await t.ds.getRepository(AuditEntryEntity).findBy({ schoolId: ids.a.schoolId, action: 'pledge.exported' });
    expect(audit.filter((e) => e.details?.format === 'pdf')).toHaveLength(2); // the guardian's copy is not an entry
    expect(JSON.stringify(audit)).not.toContain(mother.userId);
  });

  it('the class zip: one <student>-v<version>.pdf per signature; audited', async () => {
    const res = await get(`/pledges/${pledge.id}/classes/${class3a}/signatures.zip`, tok.teacher);
    expect(res.status).toBe(200);
    const names = zipEntries(res.raw);
    expect(names).toHaveLength(3);
    expect(names).toContain('刘思彤-v1.pdf');
    expect(names.every((n) => /^[^/]+-v1\.pdf$/.test(n))).toBe(true);
    expect((await get(`/pledges/${pledge.id}/classes/${class3b}/signatures.zip`, tok.teacher)).status).toBe(403);
    const audit = await t.ds.getRepository(AuditEntryEntity).findBy({ schoolId: ids.a.schoolId, action: 'pledge.exported' });
    expect(audit.find((e) => e.details?.format === 'zip')?.details).toEqual({ format: 'zip', classId: class3a, files: 3 });
  });

  it('verify: waiting, then sealed with its path; the family and staff of the class only', async () => {
    const waiting = await get(`/pledges/${pledge.id}/signatures/${mine}/verify`, mother.token);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toEqual(expect.objectContaining({ textHashMatches: true, sealed: null, proof: null, ok: true, sealsAfter: expect.any(String) }));
    expect(waiting.body.recomputedTextHash).toBe(waiting.body.textHash);
    expect((await get(`/pledges/${pledge.id}/signatures/${mine}/verify`, otherFamily.token)).status).toBe(404);
    expect((await get(`/pledges/${pledge.id}/signatures/${theirs}/verify`, tok.teacher)).status).toBe(403);
    expect((await get(`/pledges/${pledge.id}/signatures/${mine}/verify`, tok.adminB)).status).toBe(404);
    t.clock.advance(24 * HOUR);
    await t.get(SealJob).sealDue();
    const sealed = await get(`/pledges/${pledge.id}/signatures/${mine}/verify`, tok.teacher);
    expect(sealed.body).toEqual(expect.objectContaining({ textHashMatches: true, sealed: true, ok: true, sealsAfter: null }));
    expect(sealed.body.proof).toEqual(expect.objectContaining({ kind: 'pledge.signature', recordId: mine, leafHash: sealed.body.leafHash, path: expect.any(Array) }));
  });

  it('a signature row changed in the database fails verify and is named by npm run audit:verify', async () => {
    await t.ds.query('UPDATE pledge_signatures SET relation = ? WHERE id = ?', ['father', mine]);
    const res = await get(`/pledges/${pledge.id}/signatures/${mine}/verify`, tok.principal);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ textHashMatches: true, sealed: false, ok: false }));
    expect(res.body.leafHash).not.toBe(res.body.proof.leafHash);
    const out: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => out.push(l) };
    const code = await auditVerify(['--school', ids.a.schoolId], { NODE_ENV: 'test', DATABASE_URL: t.db.url, ANXIN_DATA_DIR: t.db.dataDir }, io);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain(mine);
    // The version's stored text changed: the recomputed hash no longer matches the signature's.
    const [row] = await t.ds.query('SELECT text FROM pledge_versions WHERE pledge_id = ? AND number = 1', [pledge.id]);
    const text = JSON.parse(String(row.text));
    await t.ds.query('UPDATE pledge_versions SET text = ? WHERE pledge_id = ? AND number = 1', [JSON.stringify({ ...text, school: `${text.school}\n\n改动` }), pledge.id]);
    const changed = await get(`/pledges/${pledge.id}/signatures/${theirs}/verify`, tok.principal);
    expect(changed.body).toEqual(expect.objectContaining({ textHashMatches: false, ok: false }));
  });
});
