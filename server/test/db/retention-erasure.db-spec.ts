import { In, IsNull, Not } from 'typeorm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { run as retentionCli } from '../../src/cli/retention';
import { AuditService } from '../../src/platform/audit/audit.service';
import { CryptoService, ERASED_TEXT } from '../../src/platform/crypto/crypto.service';
import { TipKeyEntity } from '../../src/platform/crypto/tip-key.entity';
import { SchedulerService } from '../../src/platform/scheduler/scheduler.service';
import { TipAttachmentChunkEntity } from '../../src/features/tips/tip-attachment-chunk.entity';
import { TipAttachmentEntity } from '../../src/features/tips/tip-attachment.entity';
import { TipKeyReseal } from '../../src/features/tips/tip-key-reseal';
import { TipMessageEntity } from '../../src/features/tips/tip-message.entity';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TipNoteEntity } from '../../src/features/tips/notes/tip-note.entity';
import { AuditVerifier } from '../../src/platform/audit/audit-verifier';
import { RetentionReceipts } from '../../src/features/retention/retention-receipts';
import { inTransaction } from '../../src/platform/database/transaction';
import { NoticeReceiptSeal, receiptAnswerHash } from '../../src/features/notices/notice-receipt-seal';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { signatureImageAad } from '../../src/features/pledges/pledge-copies';
import { PledgeSignatureImageEntity } from '../../src/features/pledges/pledge-signature-image.entity';
import { PledgeSignatureEntity } from '../../src/features/pledges/pledge-signature.entity';
import { SealJob } from '../../src/platform/audit/seal/seal-job';
import { RetentionSchedule } from '../../src/features/retention/retention-schedule';
import { addYears } from '../../src/features/retention/tip-erasure';
import { ScheduledActionEntity } from '../../src/platform/scheduler/scheduled-action.entity';
import { TestApp } from '../support/test-app';
import { dumpAllTables, followupToken, submitTip, tipBody } from './tips-helpers';

const DAY = 86_400_000;
const CANARY = 'CANARY-RET-5b1e-保留金丝雀';
const PHOTO_CANARY = 'PHOTO-CANARY-9d2c';

/**
 * Retention that really deletes: a closed case's content is erased on schedule (moved test clock), its tip key and
 * ciphertext rows go in one transaction, a legal hold stops it, the dry run lists it first, the metadata and the
 * audit chain stay (and verify), and neither the tables nor (SQLite) the database file hold the canary, the old
 * ciphertext or the wrapped key afterwards. Runs on SQLite and MariaDB.
 */
describe('retention: scheduled erasure with crypto-shredding (real database)', () => {
  let t: TestApp;
  let schoolId: string;
  let otherSchoolId: string;
  let districtId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const ids = await t.seedDemo();
    schoolId = ids.a.schoolId;
    otherSchoolId = ids.b.schoolId;
    districtId = (await t.ds.query(`SELECT district_id AS d FROM schools WHERE id = ?`, [schoolId]))[0].d;
    t.clock.set(new Date('2027-03-01T02:00:00.000Z'));
  });
  afterAll(() => t?.stop());

  const cliEnv = () => ({ NODE_ENV: 'test', DATABASE_URL: t.db.url, ANXIN_DATA_DIR: t.db.dataDir });

  async function uploadPhoto(remoteAddress: string): Promise<string> {
    // The canary sits after the JPEG end marker: only the original (evidence) copy keeps it.
    const jpeg = Buffer.concat([await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36a' } }).jpeg().toBuffer(), Buffer.from(PHOTO_CANARY)]);
    const boundary = '----anxinretention';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="schoolId"\r\n\r\n${schoolId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      jpeg, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.getHttpAdapter().getInstance().inject({
      method: 'POST', url: '/api/v1/tips/attachments', payload, remoteAddress, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode).toBe(201);
    return JSON.parse(res.body).attachmentId;
  }

  let filed = 0;
  async function fileAndClose(description: string, photo = false): Promise<{ id: string; receipt: string }> {
    filed++;
    const attachmentIds = photo ? [await uploadPhoto(`10.78.${filed}.1`)] : [];
    const res = await submitTip(t, tipBody(schoolId, { description, peopleInvolved: `同桌 ${CANARY}`, attachmentIds }), { remoteAddress: `10.77.${filed}.2` });
    expect(res.status).toBe(201);
    const contact = await t.login('contact');
    const list = await t.request('GET', `/schools/${schoolId}/tips`, { token: contact });
    const id = list.body.items.find((i: any) => i.status === 'new').id;
    expect((await t.request('POST', `/tips/${id}/ack`, { token: contact, body: { message: `已收到 ${CANARY}` } })).status).toBe(200);
    const token = await followupToken(t, schoolId, res.body.receipt, `10.79.${filed}.3`);
    expect((await t.request('POST', '/tips/followup/messages', { headers: { 'x-followup-token': token }, body: { body: `还有一件事 ${CANARY}` } })).status).toBe(201);
    expect((await t.request('POST', `/tips/${id}/notes`, { token: contact, body: { body: `内部备注 ${CANARY}` } })).status).toBe(201);
    let cur = (await t.request('GET', `/tips/${id}`, { token: contact })).body;
    cur = (await t.request('PATCH', `/tips/${id}`, { token: contact, body: { version: cur.version, status: 'investigating' } })).body;
    cur = (await t.request('PATCH', `/tips/${id}`, { token: contact, body: { version: cur.version, status: 'confirmed', measures: `调整座位 ${CANARY}` } })).body;
    const closed = await t.request('PATCH', `/tips/${id}`, { token: contact, body: { version: cur.version, status: 'closed', outcome: `已处理 ${CANARY}` } });
    expect(closed.status).toBe(200);
    return { id, receipt: res.body.receipt };
  }

  function sqliteBytes(): Buffer {
    const file = join(t.db.dataDir, 'test.db');
    return Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]);
  }

  it('files each tip under its own key (photos moved onto it at submit), and the case view shows the erasure date', async () => {
    const { id } = await fileAndClose(`第一起 ${CANARY}`, true);
    const key = await t.ds.getRepository(TipKeyEntity).findOneOrFail({ where: { tipId: id } });
    expect(key.allSealed).toBe(true);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    for (const env of [tip.descriptionEnc, tip.peopleEnc, tip.measuresEnc, tip.outcomeEnc]) expect(env).toMatch(new RegExp(`^enc1\\.${key.id}\\.`));
    for (const x of await t.ds.getRepository(TipMessageEntity).find({ where: { tipId: id } })) expect(x.bodyEnc.startsWith(`enc1.${key.id}.`)).toBe(true);
    for (const n of await t.ds.getRepository(TipNoteEntity).find({ where: { tipId: id } })) expect(n.bodyEnc.startsWith(`enc1.${key.id}.`)).toBe(true);
    const [att] = await t.ds.getRepository(TipAttachmentEntity).find({ where: { tipId: id } });
    expect(att.keyId).toBe(key.id);
    // The designated contact reads the case; only the principal and district officers may hold it.
    const detail = await t.request('GET', `/tips/${id}`, { token: await t.login('contact') });
    const closedAt = new Date(tip.closedAt!);
    const due = new Date(closedAt.getTime());
    due.setUTCFullYear(due.getUTCFullYear() + 3);
    expect(detail.body.retention).toEqual({ eraseAt: due.toISOString(), legalHold: false, erasedAt: null, canHold: false });
  });

  it('a legal hold stops the erasure; lifting it lets the erasure run; key and ciphertext rows go, the canary is nowhere', async () => {
    const { id } = await fileAndClose(`第二起 ${CANARY}`, true);
    const principal = await t.login('principal');
    const key = await t.ds.getRepository(TipKeyEntity).findOneOrFail({ where: { tipId: id } });
    const tipBefore = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    const [att] = await t.ds.getRepository(TipAttachmentEntity).find({ where: { tipId: id } });
    const chunk = await t.ds.getRepository(TipAttachmentChunkEntity).findOneOrFail({ where: { attachmentId: att.id, copy: 'original', seq: 0 } });
    const chunkProbe = Buffer.from(chunk.data).subarray(28, 60);

    // The dry run lists it (ids, school, kind, due date; no content) and changes nothing.
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await retentionCli(['--dry-run'], cliEnv(), io, t.clock)).toBe(0);
    const lines = out.filter((l) => l.includes(id));
    expect(lines.map((l) => l.split('\t')[2]).sort()).toEqual(['tip_content', 'unanswered_thread']);
    expect(lines.every((l) => l.includes(schoolId))).toBe(true);
    expect(out.join('\n')).not.toContain(CANARY);

    // Another school's principal: the case does not exist for them; a teacher may not hold; a bad reason is a 400.
    expect((await t.request('POST', `/tips/${id}/legal-hold`, { token: await t.login('principal', 'b'), body: { reason: '诉讼' } })).status).toBe(404);
    expect((await t.request('POST', `/tips/${id}/legal-hold`, { token: await t.login('contact'), body: { reason: '诉讼' } })).status).toBe(403);
    expect((await t.request('POST', `/tips/${id}/legal-hold`, { token: principal, body: { reason: '' } })).status).toBe(400);
    const hold = await t.request('POST', `/tips/${id}/legal-hold`, { token: principal, body: { reason: `家长已起诉 ${CANARY}` } });
    expect(hold.status).toBe(200);
    expect(hold.body).toMatchObject({ legalHold: true, eraseAt: null });
    expect((await t.request('POST', `/tips/${id}/legal-hold`, { token: principal, body: { reason: '再次' } })).status).toBe(409);

    // Four years on: nothing of the held case is erased.
    t.clock.advance(4 * 365 * DAY);
    const scheduler = t.app.get(SchedulerService);
    await scheduler.fireDue();
    expect(await t.ds.getRepository(TipKeyEntity).count({ where: { tipId: id } })).toBe(1);
    expect((await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } })).descriptionEnc).toBe(tipBefore.descriptionEnc);

    // Lifted: overdue, so it is due at once; the dry run now marks it DUE.
    const principalNow = await t.login('principal');
    const lifted = await t.request('POST', `/tips/${id}/legal-hold/lift`, { token: principalNow, body: { reason: '诉讼结束' } });
    expect(lifted.status).toBe(200);
    expect(lifted.body.legalHold).toBe(false);
    out.length = 0;
    expect(await retentionCli(['--dry-run'], cliEnv(), io, t.clock)).toBe(0);
    expect(out.filter((l) => l.includes(id)).every((l) => l.startsWith('DUE'))).toBe(true);
    await scheduler.fireDue();

    // Key row, photo rows and chunks, notes: gone. Texts: the erased marker.
    expect(await t.ds.getRepository(TipKeyEntity).count({ where: { tipId: id } })).toBe(0);
    expect(await t.ds.getRepository(TipAttachmentEntity).count({ where: { tipId: id } })).toBe(0);
    expect(await t.ds.getRepository(TipAttachmentChunkEntity).count({ where: { attachmentId: att.id } })).toBe(0);
    expect(await t.ds.getRepository(TipNoteEntity).count({ where: { tipId: id } })).toBe(0);
    const after = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    expect(after).toMatchObject({ descriptionEnc: 'erased', peopleEnc: 'erased', outcomeEnc: 'erased', namedEnc: null });
    // Metadata stays: category, dates, finding.
    expect(after).toMatchObject({ category: tipBefore.category, status: 'closed', decision: 'confirmed', source: tipBefore.source });
    expect(new Date(after.closedAt!).getTime()).toBe(new Date(tipBefore.closedAt!).getTime());
    expect(new Date(after.acknowledgedAt!).getTime()).toBe(new Date(tipBefore.acknowledgedAt!).getTime());
    expect((await t.ds.getRepository(TipMessageEntity).find({ where: { tipId: id } })).every((x) => x.bodyEnc === 'erased')).toBe(true);
    // The case still opens, and says so.
    const view = await t.request('GET', `/tips/${id}`, { token: await t.login('contact') });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ description: ERASED_TEXT, outcome: ERASED_TEXT, attachments: [] });
    expect(view.body.retention.erasedAt).not.toBeNull();
    // The old ciphertext would not open any more, from any copy of the content tables: its key is gone.
    await expect(t.app.get(CryptoService).decryptText(tipBefore.descriptionEnc, `tip:${id}:description`)).rejects.toThrow();

    // The audit chain still verifies and holds ids and hashes, never content.
    const verify = await t.app.get(AuditService).verifyChain(schoolId);
    expect(verify.ok).toBe(true);
    const dump = await dumpAllTables(t);
    expect(dump.audit_entries).toContain('retention.tip_erased');
    expect(dump.audit_entries).not.toContain(CANARY);
    // No table holds the canary (no search index, no notification body), the old ciphertext or the wrapped key.
    for (const [table, text] of Object.entries(dump)) {
      expect({ table, canary: text.includes(CANARY) || text.includes(PHOTO_CANARY) }).toEqual({ table, canary: false });
      expect({ table, old: text.includes(tipBefore.descriptionEnc.split('.')[2]) || text.includes(key.wrappedKey) }).toEqual({ table, old: false });
      expect({ table, chunk: text.includes(chunkProbe.toString('latin1')) }).toEqual({ table, chunk: false });
    }
    if (t.db.engine === 'sqlite') {
      // secure_delete overwrites freed space; the WAL holds old page images until a checkpoint truncates it.
      await t.ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = sqliteBytes();
      expect(bytes.includes(Buffer.from(CANARY))).toBe(false);
      expect(bytes.includes(Buffer.from(PHOTO_CANARY))).toBe(false);
      expect(bytes.includes(Buffer.from(key.wrappedKey))).toBe(false);
      expect(bytes.includes(Buffer.from(tipBefore.descriptionEnc.split('.')[2]))).toBe(false);
      expect(bytes.includes(chunkProbe)).toBe(false);
    }
  });

  it('the CLI runs due erasures; the unanswered reporter messages go after a year, the rest after three', async () => {
    const { id } = await fileAndClose(`第三起 ${CANARY}`);
    const thread = await t.ds.getRepository(TipMessageEntity).find({ where: { tipId: id }, order: { createdAt: 'ASC' } });
    expect(thread.map((x) => x.authorKind)).toEqual(['school', 'reporter']);
    t.clock.advance(366 * DAY);
    const out: string[] = [];
    expect(await retentionCli([], cliEnv(), { out: (l) => out.push(l), err: (l) => out.push(l) }, t.clock)).toBe(0);
    expect(out.join('\n')).toContain(`erased\tunanswered_thread\t${id}`);
    const after = await t.ds.getRepository(TipMessageEntity).find({ where: { tipId: id }, order: { createdAt: 'ASC' } });
    expect(after.map((x) => x.bodyEnc === 'erased')).toEqual([false, true]);
    expect(await t.ds.getRepository(TipKeyEntity).count({ where: { tipId: id } })).toBe(1);
    t.clock.advance(3 * 365 * DAY);
    out.length = 0;
    expect(await retentionCli([], cliEnv(), { out: (l) => out.push(l), err: (l) => out.push(l) }, t.clock)).toBe(0);
    expect(out.join('\n')).toContain(`erased\ttip_content\t${id}`);
    expect(await t.ds.getRepository(TipKeyEntity).count({ where: { tipId: id } })).toBe(0);
    expect((await t.app.get(AuditService).verifyChain(schoolId)).ok).toBe(true);
  });

  it('district rules: bounds refused with 400, a change is audited with old and new values and moves pending erasures', async () => {
    const { id } = await fileAndClose(`第四起 ${CANARY}`);
    const officer = await t.login('district');
    const rules = await t.request('GET', `/districts/${districtId}/retention-rules`, { token: officer });
    expect(rules.body).toMatchObject({ tipContentYears: 3, unansweredThreadYears: 1, receiptYears: 2, logDays: 180, isDefault: true });
    const body = { tipContentYears: 5, unansweredThreadYears: 1, receiptYears: 2, logDays: 365 };
    for (const bad of [{ ...body, tipContentYears: 2 }, { ...body, logDays: 90 }, { ...body, unansweredThreadYears: 6 }, { ...body, receiptYears: 1.5 }]) {
      expect((await t.request('PUT', `/districts/${districtId}/retention-rules`, { token: officer, body: bad })).status).toBe(400);
    }
    expect((await t.request('PUT', `/districts/${districtId}/retention-rules`, { token: await t.login('principal'), body })).status).toBe(403);
    const put = await t.request('PUT', `/districts/${districtId}/retention-rules`, { token: officer, body });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...body, isDefault: false });
    const entry = (await t.ds.query(`SELECT details FROM audit_entries WHERE school_id = ? AND action = ?`, [districtId, 'retention.rules_changed']))[0];
    expect(JSON.parse(entry.details)).toMatchObject({ old: { tipContentYears: 3, logDays: 180 }, new: body });
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    const view = await t.request('GET', `/tips/${id}`, { token: await t.login('contact') });
    const due = new Date(new Date(tip.closedAt!).getTime());
    due.setUTCFullYear(due.getUTCFullYear() + 5);
    expect(view.body.retention.eraseAt).toBe(due.toISOString());
  });

  it('the school sees its erasures 30 days ahead (ids and dates only); other schools and teachers do not', async () => {
    const { id } = await fileAndClose(`第五起 ${CANARY}`);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    const contact = await t.login('contact');
    let upcoming = await t.request('GET', `/schools/${schoolId}/retention/upcoming`, { token: contact });
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.items.map((i: any) => i.tipId)).not.toContain(id);
    t.clock.set(new Date(new Date(tip.closedAt!).getTime() + 365 * DAY - 10 * DAY));
    upcoming = await t.request('GET', `/schools/${schoolId}/retention/upcoming`, { token: await t.login('contact') });
    expect(upcoming.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ tipId: id, kind: 'unanswered_thread', kindLabel: '未获回复的举报人留言' })]));
    expect(JSON.stringify(upcoming.body)).not.toContain(CANARY);
    expect((await t.request('GET', `/schools/${schoolId}/retention/upcoming`, { token: await t.login('teacher') })).status).toBe(403);
    expect((await t.request('GET', `/schools/${otherSchoolId}/retention/upcoming`, { token: await t.login('contact') })).status).toBe(404);
  });

  it('upgrade: a tip sealed under the school key is moved onto its own key by the re-seal step, and still reads the same', async () => {
    const { id } = await fileAndClose(`第六起 ${CANARY}`, true);
    const crypto = t.app.get(CryptoService);
    // Put the tip back the way a deployment before per-tip keys stored it: everything under the school's key.
    const schoolKey = await crypto.schoolKey(t.ds.manager, schoolId);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    const back = async (env: string | null, aad: string) => (env === null ? null : crypto.encryptText(schoolKey, await crypto.decryptText(env, aad), aad));
    await t.ds.getRepository(TipEntity).update({ id }, {
      descriptionEnc: (await back(tip.descriptionEnc, `tip:${id}:description`))!, peopleEnc: await back(tip.peopleEnc, `tip:${id}:people`),
      outcomeEnc: await back(tip.outcomeEnc, `tip:${id}:outcome`), measuresEnc: await back(tip.measuresEnc, `tip:${id}:measures`),
      whenEnc: await back(tip.whenEnc, `tip:${id}:when`), placeDetailEnc: await back(tip.placeDetailEnc, `tip:${id}:place_detail`),
    });
    for (const x of await t.ds.getRepository(TipMessageEntity).find({ where: { tipId: id } })) {
      await t.ds.getRepository(TipMessageEntity).update({ id: x.id }, { bodyEnc: (await back(x.bodyEnc, `tip_message:${x.id}`))! });
    }
    const [att] = await t.ds.getRepository(TipAttachmentEntity).find({ where: { tipId: id } });
    for (const c of await t.ds.getRepository(TipAttachmentChunkEntity).find({ where: { attachmentId: att.id } })) {
      const aad = `tip_attachment:${att.id}:${c.copy}:${c.seq}`;
      const plain = await crypto.decryptBytes(att.keyId, Buffer.from(c.data), aad);
      await t.ds.getRepository(TipAttachmentChunkEntity).update({ attachmentId: att.id, copy: c.copy, seq: c.seq }, { data: crypto.encryptBytes(schoolKey, plain, aad) });
    }
    await t.ds.getRepository(TipAttachmentEntity).update({ id: att.id }, { keyId: schoolKey.id });
    await t.ds.getRepository(TipKeyEntity).delete({ tipId: id });
    const contact = await t.login('contact');
    const before = (await t.request('GET', `/tips/${id}`, { token: contact })).body;
    const photoBefore = await t.request('GET', `/tips/${id}/attachments/${att.id}`, { token: contact });
    expect(photoBefore.status).toBe(200);

    const reseal = t.app.get(TipKeyReseal);
    expect(await reseal.pendingIds(100)).toContain(id);
    await reseal.runBatch(100);
    expect(await reseal.pendingIds(100)).toEqual([]);
    const key = await t.ds.getRepository(TipKeyEntity).findOneOrFail({ where: { tipId: id } });
    expect(key.allSealed).toBe(true);
    const resealed = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    expect(resealed.descriptionEnc.startsWith(`enc1.${key.id}.`)).toBe(true);
    expect((await t.ds.getRepository(TipAttachmentEntity).findOneOrFail({ where: { id: att.id } })).keyId).toBe(key.id);
    const afterView = (await t.request('GET', `/tips/${id}`, { token: contact })).body;
    for (const f of ['description', 'peopleInvolved', 'outcome', 'measures', 'messages']) expect(afterView[f]).toEqual(before[f]);
    const photoAfter = await t.request('GET', `/tips/${id}/attachments/${att.id}`, { token: contact });
    expect(photoAfter.raw ?? photoAfter.body).toEqual(photoBefore.raw ?? photoBefore.body);
  });
  it('signature images of pledges and notice answers are erased once their school year plus two years is over; rows, hashes and seals stay', async () => {
    const answeredBefore = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { schoolId, answerChoices: Not(IsNull()) } });
    expect(answeredBefore.length).toBeGreaterThan(0);
    // Seal the answered receipts as the answering path does (the demo seed writes them unsealed): their leaves cover the answers.
    await inTransaction(t.ds, async (m) => {
      await t.app.get(NoticeReceiptSeal).sealReceipts(m, answeredBefore.map((receipt) => ({ receipt })));
    });
    const images = await t.ds.getRepository(PledgeSignatureImageEntity).find({ where: { schoolId } });
    expect(images.length).toBeGreaterThan(0);
    const signatures = await t.ds.getRepository(PledgeSignatureEntity).count();
    const crypto = t.app.get(CryptoService);
    const first = images[0];
    const original = await crypto.decryptBytes(first.keyId, Buffer.from(first.data), signatureImageAad(first.signatureId, first.part));
    // Still in the school year it was given in (the demo pledge is this school year): nothing to erase.
    t.clock.set(new Date(Date.now()));
    const sweeper = t.app.get(RetentionReceipts);
    expect(await sweeper.sweep()).toBe(0);
    // Three school years on: due.
    t.clock.set(new Date(Date.now() + 3 * 366 * DAY));
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(images.length);
    expect(await sweeper.sweep()).toBe(0);
    const after = await t.ds.getRepository(PledgeSignatureImageEntity).findOneOrFail({ where: { signatureId: first.signatureId, part: first.part } });
    const blank = await crypto.decryptBytes(after.keyId, Buffer.from(after.data), signatureImageAad(first.signatureId, first.part));
    expect(blank.equals(original)).toBe(false);
    expect(await sharp(blank).stats()).toMatchObject({ isOpaque: false });
    expect(after).toMatchObject({ sha256: first.sha256, width: first.width, height: first.height, size: first.size });
    expect(await t.ds.getRepository(PledgeSignatureEntity).count()).toBe(signatures);
    // The 回执 answers are gone; the day answered and the sealed hash stay.
    const answeredAfter = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { id: In(answeredBefore.map((r) => r.id)) }, order: { id: 'ASC' } });
    expect(answeredAfter.map((r) => [r.answerChoices, r.answerTextEnc, r.answeredOn, r.answerErasedHash])).toEqual(
      [...answeredBefore].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [null, null, r.answeredOn, receiptAnswerHash(r)]),
    );
    expect(await t.ds.getRepository(NoticeReceiptEntity).count({ where: { schoolId, answerChoices: Not(IsNull()) } })).toBe(0);
    await t.app.get(SealJob).sealDue();
    expect(await t.app.get(AuditVerifier).verify(schoolId)).toMatchObject({ ok: true });
  });
  it('upgrade: closed cases from before retention get their erasures scheduled by the worker, once', async () => {
    const { id } = await fileAndClose(`第七起 ${CANARY}`);
    const actions = t.ds.getRepository(ScheduledActionEntity);
    // As a deployment before this feature: the case is closed and nothing is scheduled for its content.
    await actions.delete({ subjectType: 'tip', subjectId: id, action: 'retention.tip_content' });
    await actions.delete({ subjectType: 'tip', subjectId: id, action: 'retention.unanswered_thread' });
    const schedule = t.app.get(RetentionSchedule);
    expect(await schedule.scheduleMissing(100)).toBeGreaterThanOrEqual(1);
    const pending = await actions.find({ where: { subjectType: 'tip', subjectId: id, status: 'pending' } });
    expect(pending.map((a) => a.action).sort()).toEqual(['retention.tip_content', 'retention.unanswered_thread']);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id } });
    const due = pending.find((a) => a.action === 'retention.tip_content')!.dueAt;
    expect(new Date(due).getTime()).toBe(addYears(new Date(tip.closedAt!), 5).getTime()); // the district's rule set above
    expect(await schedule.scheduleMissing(100)).toBe(0);
  });
});
