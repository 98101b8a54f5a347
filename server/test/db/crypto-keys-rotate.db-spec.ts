import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { run } from '../../src/cli/keys-rotate';
import { createLogger } from '../../src/platform/common/logging/logger';
import { loadConfig, masterKeyId } from '../../src/platform/config/app-config';
import { SchoolKeyEntity } from '../../src/platform/crypto/school-key.entity';
import { TipKeyEntity } from '../../src/platform/crypto/tip-key.entity';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

async function rosterUpload(rows: (string | null)[][]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['年级', '班级', '学生姓名', '家长姓名', '关系', '联系电话']);
  for (const r of rows) ws.addRow(r);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = `----anxin${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'),
    file, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** `npm run keys:rotate`: re-wraps every school data key under a new master key; content stays readable. */
describe('keys:rotate (real database)', () => {
  const K1 = randomBytes(32).toString('base64');
  const K2 = randomBytes(32).toString('base64');
  let t: TestApp;
  let peer: NestFastifyApplication | null = null;

  beforeAll(async () => {
    t = await TestApp.start({ env: { ANXIN_MASTER_KEY: K1 } });
  });
  afterAll(async () => {
    await peer?.close();
    await t?.stop();
  });

  const cliEnv = (current: string, next?: string) => ({
    NODE_ENV: 'test', DATABASE_URL: t.db.url, ANXIN_DATA_DIR: t.db.dataDir, ANXIN_MASTER_KEY: current,
    ...(next ? { ANXIN_NEW_MASTER_KEY: next } : {}),
  });

  it('re-wraps the school keys; a server on the new master key reads the old tips; a rerun is a no-op', async () => {
    const ids = await t.seedDemo();
    const receipts: string[] = [];
    for (const s of [ids.a.schoolId, ids.b.schoolId]) {
      const r = await submitTip(t, tipBody(s, { description: `旋转前写入的举报 ${s.slice(0, 4)}` }), { remoteAddress: '10.60.0.1' });
      expect(r.status).toBe(201);
      receipts.push(r.body.receipt);
    }
    // A roster with a guardian's phone, imported before the rotation (its hash must survive it).
    const roster = await rosterUpload([['三年级', '1班', '王小明', '王妈妈', '母亲', '13712340001']]);
    const imported = await t.request('POST', `/schools/${ids.a.schoolId}/roster`, { token: await t.login('admin', 'a'), payload: roster.payload, headers: roster.headers });
    expect(imported.status).toBe(200);
    expect(imported.body.applied).toBe(true);
    const before = await t.ds.getRepository(SchoolKeyEntity).find();
    const tipsBefore = await t.ds.getRepository(TipEntity).find();
    const tipKeys = await t.ds.getRepository(TipKeyEntity).find();
    expect(before).toHaveLength(2);
    expect(before.every((k) => k.masterKeyId === masterKeyId(Buffer.from(K1, 'base64')))).toBe(true);
    const out: string[] = [];

    // Wrong current key: refused before anything is written.
    await expect(run([], cliEnv(randomBytes(32).toString('base64'), K2), (l) => out.push(l))).rejects.toThrow(/neither the current/);
    // Missing / malformed new key.
    await expect(run([], cliEnv(K1), (l) => out.push(l))).rejects.toThrow(/ANXIN_NEW_MASTER_KEY/);
    await expect(run([], cliEnv(K1, 'c2hvcnQ='), (l) => out.push(l))).rejects.toThrow(/32 bytes/);
    // Dry run changes nothing.
    expect(await run(['--dry-run'], cliEnv(K1, K2), (l) => out.push(l))).toMatchObject({ rewrapped: 2, dryRun: true });
    expect(await t.ds.getRepository(SchoolKeyEntity).find()).toEqual(before);

    const result = await run([], cliEnv(K1, K2), (l) => out.push(l));
    expect(result).toMatchObject({ rewrapped: 2, alreadyNew: 0, newKeyId: masterKeyId(Buffer.from(K2, 'base64')) });
    expect(out.join('\n')).toContain('re-wrapped 2 school key(s)');
    const after = await t.ds.getRepository(SchoolKeyEntity).find();
    for (const k of after) {
      const old = before.find((b) => b.id === k.id)!;
      expect(k.masterKeyId).toBe(masterKeyId(Buffer.from(K2, 'base64')));
      expect(k.wrappedKey).not.toBe(old.wrappedKey);
    }
    // Ciphertexts were not touched: each tip's content is under its own key, and the tip keys (wrapped by the school
    // keys, which stay the same) were not touched either.
    expect(tipsBefore.every((x) => x.descriptionEnc.startsWith(`enc1.${tipKeys.find((k) => k.tipId === x.id)!.id}.`))).toBe(true);
    expect(await t.ds.getRepository(TipEntity).find()).toEqual(tipsBefore);
    expect(await t.ds.getRepository(TipKeyEntity).find()).toEqual(tipKeys);
    // Rerun (e.g. after an interruption): nothing left to do.
    expect(await run([], cliEnv(K1, K2), () => undefined)).toMatchObject({ rewrapped: 0, alreadyNew: 2 });

    // The operator swaps ANXIN_MASTER_KEY and restarts: a fresh server on the same database reads everything.
    const config = loadConfig({ ...cliEnv(K2), ANXIN_WORKER: 'false', LOG_LEVEL: 'silent', WECHAT_API_BASE: 'http://127.0.0.1:9' });
    peer = (await createApp(config, { logger: createLogger('silent'), docsUi: false })).app;
    await peer.init();
    const fastify = peer.getHttpAdapter().getInstance();
    await fastify.ready();
    const login = await fastify.inject({ method: 'POST', url: '/api/v1/auth/dev', payload: { role: 'contact', school: 'a' } });
    const token = JSON.parse(login.body).token;
    const list = JSON.parse((await fastify.inject({ method: 'GET', url: `/api/v1/schools/${ids.a.schoolId}/tips`, headers: { authorization: `Bearer ${token}` } })).body);
    const detail = await fastify.inject({ method: 'GET', url: `/api/v1/tips/${list.items[0].id}`, headers: { authorization: `Bearer ${token}` } });
    expect(detail.statusCode).toBe(200);
    expect(JSON.parse(detail.body).description).toBe(`旋转前写入的举报 ${ids.a.schoolId.slice(0, 4)}`);
    // A receipt made before the rotation still opens its thread (the lookup index is keyed by the data key),
    // and new tips work.
    const fu = await fastify.inject({ method: 'POST', url: '/api/v1/tips/followup', payload: { schoolId: ids.a.schoolId, receipt: receipts[0] }, remoteAddress: '10.60.0.3' });
    expect(fu.statusCode).toBe(201);
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/tips', payload: tipBody(ids.a.schoolId) as any, remoteAddress: '10.60.0.2' });
    expect(res.statusCode).toBe(201);

    // Phone auto-approval still works: the roster phone hash is keyed by the school's data key, which the
    // rotation re-wrapped but did not change.
    const guardianLogin = await fastify.inject({ method: 'POST', url: '/api/v1/auth/dev', payload: { role: 'guardian', school: 'a' } });
    const guardian = { authorization: `Bearer ${JSON.parse(guardianLogin.body).token}` };
    const lookup = JSON.parse((await fastify.inject({ method: 'GET', url: '/api/v1/invite-codes/DEMO3A01/lookup', headers: guardian })).body);
    const child = lookup.students.find((x: { maskedName: string }) => x.maskedName === '王*明');
    const binding = await fastify.inject({
      method: 'POST', url: '/api/v1/bindings', headers: guardian,
      payload: { inviteCode: 'DEMO3A01', studentId: child.id, studentName: '王小明', relation: 'mother', phone: '137 1234 0001', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(binding.statusCode).toBe(201);
    expect(JSON.parse(binding.body)).toMatchObject({ status: 'approved', autoApproved: true });
  });
});
