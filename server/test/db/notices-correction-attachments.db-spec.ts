import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { NoticeBody } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeAttachmentChunkEntity } from '../../src/features/notices/notice-attachment-chunk.entity';
import { NoticeAttachmentEntity } from '../../src/features/notices/notice-attachment.entity';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { NoticeEntity } from '../../src/features/notices/notice.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { CHUNK_BYTES } from '../../src/platform/crypto/sealed-chunks';
import { TestApp } from '../support/test-app';
import { attach, BODY, bind, draft, fanOut, makeGuardian, PDF, SCHOOL_MORNING, type TestGuardian } from './notices-helpers';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PDF of more than two chunks, so the copy is opened and sealed again chunk by chunk. */
const BIG_PDF = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(2 * CHUNK_BYTES + 12_345, 0x41), Buffer.from('\n%%EOF\n', 'latin1')]);
const poster = () => sharp({ create: { width: 60, height: 40, channels: 3, background: '#c33' } }).png().toBuffer();
const withPicture = (attachmentId: string): NoticeBody => ({ version: 1, blocks: [...BODY.blocks, { type: 'image', attachmentId, caption: '活动海报' }] });

/**
 * A correction carries the corrected notice's pictures and PDFs: as copies of its own (new ids, chunks sealed again
 * under them), the body's picture blocks rewritten to the copies, the kept files chosen by `keepAttachmentIds`, read
 * by the correction's guardians only, audited with their sha256; the original's files stay as they were.
 */
describe('notices: a correction carries the attachments it keeps', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let mother: TestGuardian; // a child in the teacher's class
  let outsider: TestGuardian; // a guardian of school a who receives nothing here
  let guardianB: string;
  let original: string;
  let pictureId: string;
  let pdfId: string;
  let pictureBytes: Buffer;
  let originalRows: NoticeAttachmentEntity[];
  let originalChunks: NoticeAttachmentChunkEntity[];

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    for (const role of ['teacher', 'principal'] as const) tok[role] = await t.login(role, 'a');
    tok.teacherB = await t.login('teacher', 'b');
    guardianB = await t.login('guardian', 'b');
    const [kid] = await t.ds.getRepository(StudentEntity).find({ where: { classId: ids.a.teacherClassId }, order: { studentNo: 'ASC' } });
    mother = await makeGuardian(t, '更正附件母亲');
    outsider = await makeGuardian(t, '更正附件旁人');
    await bind(t, mother.userId, kid, 'mother');

    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
      token: tok.teacher, body: draft({ kind: 'letter', audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }),
    });
    original = created.body.id;
    pictureId = await attach(t, tok.teacher, original, await poster(), '海报.png');
    pdfId = await attach(t, tok.teacher, original, BIG_PDF, '活动安排.pdf');
    const saved = await t.request('PUT', `/notices/${original}`, {
      token: tok.teacher, body: draft({ kind: 'letter', audience: { scope: 'classes', ids: [ids.a.teacherClassId] }, body: withPicture(pictureId) }),
    });
    expect(saved.status).toBe(200);
    expect((await t.request('POST', `/notices/${original}/publish`, { token: tok.teacher, body: {} })).status).toBe(200);
    await fanOut(t);
    pictureBytes = (await t.request('GET', `/notices/${original}/attachments/${pictureId}`, { token: mother.token })).raw;
    originalRows = await t.ds.getRepository(NoticeAttachmentEntity).find({ where: { noticeId: original }, order: { id: 'ASC' } });
    originalChunks = await t.ds.getRepository(NoticeAttachmentChunkEntity).find({ where: [{ attachmentId: pictureId }, { attachmentId: pdfId }], order: { attachmentId: 'ASC', seq: 'ASC' } });
    expect(originalChunks.filter((c) => c.attachmentId === pdfId)).toHaveLength(3);
  });
  afterAll(() => t?.stop());

  const correct = (id: string, over: Record<string, unknown> = {}) => t.request('POST', `/notices/${id}/corrections`, {
    token: tok.teacher, body: { title: '家长开放日', body: withPicture(pictureId), confirmMode: 'confirm', note: '开放日改到周六', ...over },
  });

  it('refuses an attachment id of another notice, a picture block it does not keep, and a malformed id, with 400 and nothing written', async () => {
    const other = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }) });
    const foreign = await attach(t, tok.teacher, other.body.id, PDF, 'other.pdf');
    const before = await t.ds.getRepository(NoticeAttachmentEntity).count();

    const wrongId = await correct(original, { keepAttachmentIds: [pictureId, foreign] });
    expect([wrongId.status, wrongId.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(wrongId.body.details).toEqual([{ field: 'keepAttachmentIds', problems: [expect.stringContaining(foreign)] }]);

    const dropped = await correct(original, { keepAttachmentIds: [pdfId] });
    expect([dropped.status, dropped.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(dropped.body.details).toEqual([{ field: 'body', problems: [expect.stringMatching(/^第 3 段（图片）/)] }]);

    const pdfAsPicture = await correct(original, { body: withPicture(pdfId) });
    expect([pdfAsPicture.status, pdfAsPicture.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const malformed = await correct(original, { keepAttachmentIds: ['not-an-id'] });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const nulled = await correct(original, { keepAttachmentIds: null });
    expect(nulled.status).toBe(400);

    expect(await t.ds.getRepository(NoticeAttachmentEntity).count()).toBe(before);
    expect((await t.ds.getRepository(NoticeEntity).findOneByOrFail({ id: original })).correctedBy).toBeNull();
  });

  let correction: string;
  let pictureCopy: string;
  let pdfCopy: string;

  it('keeps the picture in the body and the PDF by default: copies with new ids, the body naming the copy, audited with their sha256', async () => {
    const res = await correct(original);
    expect(res.status).toBe(201);
    correction = res.body.id;
    const copies = await t.ds.getRepository(NoticeAttachmentEntity).find({ where: { noticeId: correction }, order: { createdAt: 'ASC' } });
    expect(copies.map((c) => [c.kind, c.label, c.sha256, c.size])).toEqual([
      ['image', '海报.png', originalRows.find((r) => r.id === pictureId)!.sha256, pictureBytes.length],
      ['pdf', '活动安排.pdf', sha256(BIG_PDF), BIG_PDF.length],
    ]);
    [pictureCopy, pdfCopy] = copies.map((c) => c.id);
    expect([pictureCopy, pdfCopy]).not.toContain(pictureId);
    expect([pictureCopy, pdfCopy]).not.toContain(pdfId);
    expect(res.body.body.blocks[2]).toEqual({ type: 'image', attachmentId: pictureCopy, caption: '活动海报' });
    // The copy's chunks are sealed under its own id: none is the original's ciphertext.
    const copyChunks = await t.ds.getRepository(NoticeAttachmentChunkEntity).find({ where: { attachmentId: pdfCopy }, order: { seq: 'ASC' } });
    expect(copyChunks.map((c) => c.seq)).toEqual([0, 1, 2]);
    const originalPdfChunks = originalChunks.filter((c) => c.attachmentId === pdfId);
    copyChunks.forEach((c, i) => expect(Buffer.from(c.data).equals(Buffer.from(originalPdfChunks[i].data))).toBe(false));

    const audit = await t.ds.getRepository(AuditEntryEntity).findOneByOrFail({ targetId: original, action: 'notice.corrected' });
    expect(audit.details.attachments).toEqual([
      { id: pictureCopy, from: pictureId, kind: 'image', sha256: sha256(pictureBytes) },
      { id: pdfCopy, from: pdfId, kind: 'pdf', sha256: sha256(BIG_PDF) },
    ]);
  });

  it('a guardian of the audience downloads both byte for byte; another school, another guardian and the original\'s path do not reach them', async () => {
    await fanOut(t);
    const detail = await t.request('GET', `/me/notices/${correction}`, { token: mother.token });
    expect(detail.status).toBe(200);
    expect(detail.body.body.blocks[2]).toMatchObject({ type: 'image', attachmentId: pictureCopy });
    const picture = await t.request('GET', `/notices/${correction}/attachments/${pictureCopy}`, { token: mother.token });
    expect(picture.status).toBe(200);
    expect(picture.raw.equals(pictureBytes)).toBe(true);
    const pdf = await t.request('GET', `/notices/${correction}/attachments/${pdfCopy}`, { token: mother.token });
    expect(pdf.status).toBe(200);
    expect(pdf.raw.equals(BIG_PDF)).toBe(true);

    for (const token of [guardianB, outsider.token, tok.teacherB]) {
      expect((await t.request('GET', `/notices/${correction}/attachments/${pdfCopy}`, { token })).status).toBe(404);
      expect((await t.request('GET', `/notices/${correction}/attachments`, { token })).status).toBe(404);
    }
    // A copy belongs to the correction: it is no file of the original.
    expect((await t.request('GET', `/notices/${original}/attachments/${pdfCopy}`, { token: mother.token })).status).toBe(404);
  });

  it('leaves the original\'s attachments as they were', async () => {
    expect(await t.ds.getRepository(NoticeAttachmentEntity).find({ where: { noticeId: original }, order: { id: 'ASC' } })).toEqual(originalRows);
    const chunks = await t.ds.getRepository(NoticeAttachmentChunkEntity).find({ where: [{ attachmentId: pictureId }, { attachmentId: pdfId }], order: { attachmentId: 'ASC', seq: 'ASC' } });
    expect(chunks.map((c) => [c.attachmentId, c.seq, sha256(Buffer.from(c.data))])).toEqual(originalChunks.map((c) => [c.attachmentId, c.seq, sha256(Buffer.from(c.data))]));
    const pdf = await t.request('GET', `/notices/${original}/attachments/${pdfId}`, { token: mother.token });
    expect(pdf.raw.equals(BIG_PDF)).toBe(true);
    const body = (await t.request('GET', `/notices/${original}`, { token: tok.teacher })).body.body;
    expect(body.blocks[2]).toMatchObject({ attachmentId: pictureId });
  });

  it('correcting again with one attachment dropped carries only the other, copied from the chain\'s latest', async () => {
    // Named by the original's id, the chain's latest (the first correction) is corrected: its files are the ones to keep.
    const stale = await correct(original, { keepAttachmentIds: [pdfId], body: BODY });
    expect([stale.status, stale.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const res = await correct(original, { keepAttachmentIds: [pdfCopy], body: BODY });
    expect(res.status).toBe(201);
    const copies = await t.ds.getRepository(NoticeAttachmentEntity).find({ where: { noticeId: res.body.id } });
    expect(copies.map((c) => [c.kind, c.sha256])).toEqual([['pdf', sha256(BIG_PDF)]]);
    await fanOut(t);
    const pdf = await t.request('GET', `/notices/${res.body.id}/attachments/${copies[0].id}`, { token: mother.token });
    expect(pdf.raw.equals(BIG_PDF)).toBe(true);
    const list = await t.request('GET', `/notices/${res.body.id}/attachments`, { token: mother.token });
    expect(list.body.map((a: any) => a.id)).toEqual([copies[0].id]);
    const audit = await t.ds.getRepository(AuditEntryEntity).findOneByOrFail({ targetId: correction, action: 'notice.corrected' });
    expect(audit.details.attachments).toEqual([{ id: copies[0].id, from: pdfCopy, kind: 'pdf', sha256: sha256(BIG_PDF) }]);
    // The first correction keeps its own two.
    expect(await t.ds.getRepository(NoticeAttachmentEntity).count({ where: { noticeId: correction } })).toBe(2);
  });

  it('an empty list keeps nothing', async () => {
    const latest = (await t.ds.getRepository(NoticeEntity).findOneByOrFail({ correctionOf: correction })).id;
    const res = await correct(latest, { keepAttachmentIds: [], body: BODY });
    expect(res.status).toBe(201);
    expect(await t.ds.getRepository(NoticeAttachmentEntity).count({ where: { noticeId: res.body.id } })).toBe(0);
  });
});
