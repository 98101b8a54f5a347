import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import sharp from 'sharp';
import { NOTICE_ATTACHMENT_LIMITS, type NoticeBody } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeAttachmentChunkEntity } from '../../src/features/notices/notice-attachment-chunk.entity';
import { NoticeAttachmentEntity } from '../../src/features/notices/notice-attachment.entity';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { CryptoService } from '../../src/platform/crypto/crypto.service';
import { TestApp } from '../support/test-app';
import { BODY, bind, draft, fanOut, makeGuardian, multipart, PDF, SCHOOL_MORNING, signaturePng, storedPng, type TestGuardian } from './notices-helpers';

const gpsJpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } }).jpeg()
  .withExif({
    IFD0: { Make: 'CanaryCam', Model: 'Phone X' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 2742/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 1710/100' },
  }).toBuffer();
const png = () => sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();

/**
 * A notice's files: types by magic bytes, sizes and counts, pictures re-encoded without EXIF, picture blocks in the
 * body that must name the notice's own pictures, attachments frozen at publication, who may download them, and the
 * signatures as a zip.
 */
describe('notice attachments, picture blocks and the signatures zip', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let otherClass: string;
  let mother: TestGuardian; // a child in the teacher's class and one in the other class
  let father: TestGuardian; // teacher's class
  let grandma: TestGuardian; // teacher's class, the same child as grandpa
  let grandpa: TestGuardian;
  let outsider: TestGuardian; // a guardian of school a who receives nothing here
  let guardianB: string;
  let noticeId: string;
  let imageId: string;
  let pdfId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    for (const role of ['teacher', 'principal', 'admin', 'contact'] as const) tok[role] = await t.login(role, 'a');
    tok.adminB = await t.login('admin', 'b');
    tok.teacherB = await t.login('teacher', 'b');
    guardianB = await t.login('guardian', 'b');
    otherClass = ids.a.classIds.find((c) => c !== ids.a.teacherClassId)!;
    const kids = async (classId: string) => t.ds.getRepository(StudentEntity).find({ where: { classId }, order: { studentNo: 'ASC' } });
    const [k1, k2, k3] = await kids(ids.a.teacherClassId);
    const [o1] = await kids(otherClass);
    mother = await makeGuardian(t, '附件测试母亲');
    father = await makeGuardian(t, '附件测试父亲');
    grandma = await makeGuardian(t, '附件测试奶奶');
    grandpa = await makeGuardian(t, '附件测试爷爷');
    outsider = await makeGuardian(t, '附件测试旁人');
    await bind(t, mother.userId, k1, 'mother');
    await bind(t, mother.userId, o1, 'mother');
    await bind(t, father.userId, k2, 'father');
    await bind(t, grandma.userId, k3, 'grandparent');
    await bind(t, grandpa.userId, k3, 'grandparent');
  });
  afterAll(() => t?.stop());

  const upload = (id: string, file: Buffer, fileName: string, token = tok.teacher) =>
    t.request('POST', `/notices/${id}/attachments`, { token, ...multipart(file, fileName) });
  const teacherDraft = async (over = {}) => {
    const res = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.teacher, body: draft({ audience: { scope: 'classes', ids: [ids.a.teacherClassId] }, ...over }) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const withImage = (attachmentId: string, caption?: string): NoticeBody => ({
    version: 1, blocks: [...BODY.blocks, { type: 'image', attachmentId, ...(caption ? { caption } : {}) }],
  });

  it('takes a photo, re-encoded without its EXIF or GPS; a PNG becomes a JPEG too; nothing of the original is stored', async () => {
    noticeId = await teacherDraft();
    const original = await gpsJpeg();
    expect((await sharp(original).metadata()).exif?.includes(Buffer.from('CanaryCam'))).toBe(true);
    const up = await upload(noticeId, original, 'IMG_0001.jpg');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'image', mime: 'image/jpeg', label: 'IMG_0001.jpg', width: 64, height: 48 });
    imageId = up.body.id;

    const served = await t.request('GET', `/notices/${noticeId}/attachments/${imageId}`, { token: tok.teacher });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(String(served.headers['content-disposition'])).toBe(`inline; filename="${imageId}.jpg"`);
    const meta = await sharp(served.raw).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 64, 48, undefined]);
    expect(served.raw.includes(Buffer.from('CanaryCam'))).toBe(false);
    expect(up.body.size).toBe(served.raw.length);

    // Encrypted at rest, and only the re-encoded copy: its chunks decrypt to exactly what is served.
    const row = await t.ds.getRepository(NoticeAttachmentEntity).findOneByOrFail({ id: imageId });
    const chunks = await t.ds.getRepository(NoticeAttachmentChunkEntity).find({ where: { attachmentId: imageId }, order: { seq: 'ASC' } });
    const crypto = t.get(CryptoService);
    const back = Buffer.concat(await Promise.all(chunks.map((c) => crypto.decryptBytes(row.keyId, Buffer.from(c.data), `notice_attachment:${imageId}:${c.seq}`))));
    expect(back.equals(served.raw)).toBe(true);
    expect(chunks.some((c) => Buffer.from(c.data).includes(Buffer.from('CanaryCam')))).toBe(false);

    const pngUp = await upload(noticeId, await png(), 'screenshot.png');
    expect(pngUp.status).toBe(201);
    expect(pngUp.body).toMatchObject({ kind: 'image', mime: 'image/jpeg', width: 40, height: 30 });
    const pngServed = await t.request('GET', `/notices/${noticeId}/attachments/${pngUp.body.id}`, { token: tok.teacher });
    expect((await sharp(pngServed.raw).metadata()).format).toBe('jpeg');
  });

  it('takes a PDF as it is, labelled by its cleaned name and served under the server\'s name; the upload is audited with its sha256', async () => {
    const up = await upload(noticeId, PDF, '../../家长会/座位表\u202e.pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'pdf', mime: 'application/pdf', label: '座位表.pdf', width: null, height: null, size: PDF.length });
    pdfId = up.body.id;
    const served = await t.request('GET', `/notices/${noticeId}/attachments/${pdfId}`, { token: tok.teacher });
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(String(served.headers['content-disposition'])).toBe(`attachment; filename="${pdfId}.pdf"`);
    expect(served.raw.equals(PDF)).toBe(true);
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { action: 'notice.attachment_added', targetId: noticeId } });
    expect(audit.find((a) => a.details.attachmentId === pdfId)?.details).toMatchObject({ kind: 'pdf', sha256: up.body.sha256, label: '座位表.pdf' });

    const list = await t.request('GET', `/notices/${noticeId}/attachments`, { token: tok.teacher });
    expect(list.status).toBe(200);
    expect(list.body.map((a: any) => a.kind)).toEqual(['image', 'image', 'pdf']);
  });

  it('knows the type by the bytes, not the name; refuses broken files and files over the size limit', async () => {
    const gif = Buffer.from('GIF89a\u0001\u0000\u0001\u0000', 'latin1');
    const refused = async (file: Buffer, name: string) => (await upload(noticeId, file, name)).body;
    expect(await refused(gif, 'photo.jpg')).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await refused(Buffer.from('<html><script>alert(1)</script></html>'), 'letter.pdf')).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await refused(PDF.subarray(0, PDF.length - 7), 'cut.pdf')).toMatchObject({ code: 'NOTICE_ATTACHMENT_INVALID' });
    expect(await refused(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 1)]), 'broken.jpg')).toMatchObject({ code: 'NOTICE_ATTACHMENT_INVALID' });
    const tooBig = Buffer.concat([PDF, Buffer.alloc(NOTICE_ATTACHMENT_LIMITS.bytesMax - PDF.length + 1, 0x20)]);
    const big = await upload(noticeId, tooBig, 'big.pdf');
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // Not a multipart body at all.
    expect((await t.request('POST', `/notices/${noticeId}/attachments`, { token: tok.teacher, body: { file: 'x' } })).status).toBe(415);
    expect((await t.request('GET', `/notices/${noticeId}/attachments`, { token: tok.teacher })).body).toHaveLength(3);
  });

  it('takes a file of exactly the size limit, and at most the count limit per notice, also when uploads arrive at once', async () => {
    const id = await teacherDraft();
    const exact = Buffer.concat([Buffer.alloc(NOTICE_ATTACHMENT_LIMITS.bytesMax - PDF.length, 0x20), PDF]);
    exact.write('%PDF-', 0, 'latin1');
    const first = await upload(id, exact, 'exact.pdf');
    expect([first.status, first.body.size]).toEqual([201, NOTICE_ATTACHMENT_LIMITS.bytesMax]);
    const back = await t.request('GET', `/notices/${id}/attachments/${first.body.id}`, { token: tok.teacher });
    expect(back.raw.equals(exact)).toBe(true);
    for (let i = 2; i < NOTICE_ATTACHMENT_LIMITS.perNoticeMax; i++) expect((await upload(id, PDF, `${i}.pdf`)).status).toBe(201);
    const both = await Promise.all([upload(id, PDF, 'a.pdf'), upload(id, PDF, 'b.pdf')]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.code).toBe('NOTICE_ATTACHMENTS_FULL');
    expect(await t.ds.getRepository(NoticeAttachmentEntity).count({ where: { noticeId: id } })).toBe(NOTICE_ATTACHMENT_LIMITS.perNoticeMax);
    expect((await upload(id, PDF, 'more.pdf')).body.code).toBe('NOTICE_ATTACHMENTS_FULL');
  });

  it('a picture block names a picture of the same notice: a missing, foreign or PDF attachment is refused', async () => {
    const put = (id: string, body: NoticeBody) => t.request('PUT', `/notices/${id}`, {
      token: tok.teacher, body: draft({ body, audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }),
    });
    const ok = await put(noticeId, withImage(imageId, '家长会座位图'));
    expect(ok.status).toBe(200);
    expect(ok.body.body.blocks[2]).toEqual({ type: 'image', attachmentId: imageId, caption: '家长会座位图' });

    const asPdf = await put(noticeId, withImage(pdfId));
    expect([asPdf.status, asPdf.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(asPdf.body.details).toEqual([{ field: 'body', problems: ['第 3 段（图片）：这个附件不是图片，不能显示在正文中'] }]);
    const missing = await put(noticeId, withImage(randomUUID()));
    expect(missing.body.details[0].problems).toEqual(['第 3 段（图片）：图片不存在或不是这条通知的附件，请重新插入']);
    const other = await teacherDraft();
    const foreign = await put(other, withImage(imageId));
    expect([foreign.status, foreign.body.details[0].problems[0]]).toEqual([400, '第 3 段（图片）：图片不存在或不是这条通知的附件，请重新插入']);
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
      token: tok.teacher, body: draft({ body: withImage(imageId), audience: { scope: 'classes', ids: [ids.a.teacherClassId] } }),
    });
    expect([created.status, created.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const junk = await put(noticeId, { version: 1, blocks: [{ type: 'image', attachmentId: 'https://evil.example/x.png' } as any] });
    expect(junk.status).toBe(400);
    // The refused saves left the draft as it was.
    expect((await t.request('GET', `/notices/${noticeId}`, { token: tok.teacher })).body.body.blocks[2]).toEqual({ type: 'image', attachmentId: imageId, caption: '家长会座位图' });
  });

  it('a picture the body shows cannot be removed; another file can, by whoever may edit the draft', async () => {
    const inUse = await t.request('DELETE', `/notices/${noticeId}/attachments/${imageId}`, { token: tok.teacher });
    expect([inUse.status, inUse.body.code]).toEqual([409, 'NOTICE_ATTACHMENT_IN_USE']);
    const spare = (await upload(noticeId, PDF, 'spare.pdf')).body.id;
    expect((await t.request('DELETE', `/notices/${noticeId}/attachments/${spare}`, { token: tok.contact })).status).toBe(403);
    expect((await t.request('DELETE', `/notices/${noticeId}/attachments/${spare}`, { token: tok.adminB })).status).toBe(404);
    expect((await t.request('DELETE', `/notices/${noticeId}/attachments/${spare}`, { token: tok.teacher })).status).toBe(204);
    expect((await t.request('DELETE', `/notices/${noticeId}/attachments/${spare}`, { token: tok.teacher })).status).toBe(404);
    expect(await t.ds.getRepository(NoticeAttachmentChunkEntity).count({ where: { attachmentId: spare } })).toBe(0);
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { action: 'notice.attachment_removed', targetId: noticeId } })).toBe(1);
    // The principal may manage the teacher's draft too; a guardian, a staff member without the right, or another school may not add.
    expect((await upload(noticeId, PDF, 'by-principal.pdf', tok.principal)).status).toBe(201);
    expect((await upload(noticeId, PDF, 'x.pdf', tok.contact)).status).toBe(403);
    expect((await upload(noticeId, PDF, 'x.pdf', mother.token)).status).toBe(403);
    expect((await upload(noticeId, PDF, 'x.pdf', tok.teacherB)).status).toBe(404);
  });

  it('before publication only staff who may see the draft read its files; after it the files are frozen', async () => {
    expect((await t.request('GET', `/notices/${noticeId}/attachments`, { token: father.token })).status).toBe(404);
    expect((await t.request('GET', `/notices/${noticeId}/attachments/${imageId}`, { token: father.token })).status).toBe(404);
    const published = await t.request('POST', `/notices/${noticeId}/publish`, { token: tok.teacher, body: {} });
    expect(published.status).toBe(200);
    await fanOut(t);
    const add = await upload(noticeId, PDF, 'late.pdf');
    expect([add.status, add.body.code]).toEqual([409, 'NOTICE_NOT_EDITABLE']);
    const del = await t.request('DELETE', `/notices/${noticeId}/attachments/${pdfId}`, { token: tok.teacher });
    expect([del.status, del.body.code]).toEqual([409, 'NOTICE_NOT_EDITABLE']);
  });

  it('a guardian who received the notice sees its files; another guardian, another school and a teacher of another class do not', async () => {
    const detail = await t.request('GET', `/me/notices/${noticeId}`, { token: father.token });
    expect(detail.body.body.blocks[2]).toMatchObject({ type: 'image', attachmentId: imageId });
    const list = await t.request('GET', `/notices/${noticeId}/attachments`, { token: father.token });
    expect(list.status).toBe(200);
    expect(list.body.map((a: any) => a.id)).toContain(pdfId);
    for (const id of [imageId, pdfId]) expect((await t.request('GET', `/notices/${noticeId}/attachments/${id}`, { token: father.token })).status).toBe(200);
    // An attachment id of another notice through this notice is no file.
    const otherDraft = await teacherDraft();
    const foreignFile = (await upload(otherDraft, PDF, 'other.pdf')).body.id;
    expect((await t.request('GET', `/notices/${noticeId}/attachments/${foreignFile}`, { token: father.token })).status).toBe(404);

    for (const token of [outsider.token, guardianB, tok.adminB, tok.teacherB]) {
      expect((await t.request('GET', `/notices/${noticeId}/attachments`, { token })).status).toBe(404);
      expect((await t.request('GET', `/notices/${noticeId}/attachments/${imageId}`, { token })).status).toBe(404);
    }
    for (const token of [tok.principal, tok.admin]) expect((await t.request('GET', `/notices/${noticeId}/attachments/${imageId}`, { token })).status).toBe(200);

    // The principal's notice to a class the teacher does not teach: the teacher is refused, its guardian is not.
    const res = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: tok.principal, body: draft({ audience: { scope: 'classes', ids: [otherClass] } }) });
    const theirs = res.body.id as string;
    const file = (await upload(theirs, PDF, 'other-class.pdf', tok.principal)).body.id;
    expect((await upload(theirs, PDF, 'x.pdf', tok.teacher)).status).toBe(403);
    expect((await t.request('POST', `/notices/${theirs}/publish`, { token: tok.principal, body: {} })).status).toBe(200);
    await fanOut(t);
    expect((await t.request('GET', `/notices/${theirs}/attachments`, { token: tok.teacher })).status).toBe(403);
    expect((await t.request('GET', `/notices/${theirs}/attachments/${file}`, { token: tok.teacher })).status).toBe(403);
    expect((await t.request('GET', `/notices/${theirs}/attachments/${file}`, { token: mother.token })).status).toBe(200);
    expect((await t.request('GET', `/notices/${theirs}/attachments/${file}`, { token: father.token })).status).toBe(404);

    // Recalled: guardians see the reason only, and no longer the files; staff still do.
    expect((await t.request('POST', `/notices/${theirs}/recall`, { token: tok.principal, body: { reason: '日期有误' } })).status).toBe(200);
    expect((await t.request('GET', `/notices/${theirs}/attachments/${file}`, { token: mother.token })).status).toBe(404);
    expect((await t.request('GET', `/notices/${theirs}/attachments/${file}`, { token: tok.principal })).status).toBe(200);
  });

  it('the signatures zip: <class>/<child>-<relation>.png of the caller\'s classes, unique names, audited', async () => {
    const res = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, {
      token: tok.principal, body: draft({ confirmMode: 'sign', audience: { scope: 'classes', ids: [ids.a.teacherClassId, otherClass] } }),
    });
    const id = res.body.id as string;
    expect((await t.request('POST', `/notices/${id}/publish`, { token: tok.principal, body: {} })).status).toBe(200);
    await fanOut(t);
    const signatures = new Map<string, Buffer>();
    for (const [who, g] of [['mother', mother], ['father', father], ['grandma', grandma], ['grandpa', grandpa]] as const) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><text x="10" y="60" font-size="40" fill="#123">${who}</text></svg>`;
      const sig = who === 'mother' ? await signaturePng() : await sharp(Buffer.from(svg)).png().toBuffer();
      signatures.set(who, storedPng(sig));
      const ack = await t.request('POST', `/notices/${id}/ack`, { token: g.token, body: { signature: sig.toString('base64') } });
      expect(ack.status).toBe(200);
    }
    const classes: { id: string; name: string }[] = (await t.request('GET', `/notices/${id}`, { token: tok.principal })).body.audience.classes;
    const className = (classId: string) => classes.find((c) => c.id === classId)!.name;
    const kids = async (classId: string) => t.ds.getRepository(StudentEntity).find({ where: { classId }, order: { studentNo: 'ASC' } });
    const [k1, k2, k3] = await kids(ids.a.teacherClassId);
    const [o1] = await kids(otherClass);
    const tc = className(ids.a.teacherClassId);
    const oc = className(otherClass);

    const zipOf = async (token: string) => {
      const r = await t.request('GET', `/notices/${id}/signatures.zip`, { token });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/zip');
      expect(String(r.headers['content-disposition'])).toMatch(/^attachment; filename="notice-signatures.zip"/);
      return JSZip.loadAsync(r.raw);
    };
    const names = (zip: JSZip) => Object.keys(zip.files).filter((n) => !zip.files[n].dir).sort();

    const principal = await zipOf(tok.principal);
    expect(names(principal)).toEqual([
      `${oc}/${o1.name}-母亲.png`,
      `${tc}/${k1.name}-母亲.png`, `${tc}/${k2.name}-父亲.png`,
      `${tc}/${k3.name}-祖父母_外祖父母-2.png`, `${tc}/${k3.name}-祖父母_外祖父母.png`,
    ].sort());
    // The mother signed once, for both children: the same PNG in each class's folder.
    expect((await principal.file(`${tc}/${k1.name}-母亲.png`)!.async('nodebuffer')).equals(signatures.get('mother')!)).toBe(true);
    expect((await principal.file(`${oc}/${o1.name}-母亲.png`)!.async('nodebuffer')).equals(signatures.get('mother')!)).toBe(true);
    expect((await principal.file(`${tc}/${k2.name}-父亲.png`)!.async('nodebuffer')).equals(signatures.get('father')!)).toBe(true);
    const grand = await Promise.all([`${tc}/${k3.name}-祖父母_外祖父母.png`, `${tc}/${k3.name}-祖父母_外祖父母-2.png`].map((n) => principal.file(n)!.async('nodebuffer')));
    expect(grand.map((b) => b.toString('base64')).sort()).toEqual([signatures.get('grandma')!, signatures.get('grandpa')!].map((b) => b.toString('base64')).sort());

    // The teacher: their class only.
    expect(names(await zipOf(tok.teacher)).every((n) => n.startsWith(`${tc}/`))).toBe(true);
    expect(names(await zipOf(tok.teacher))).toHaveLength(4);
    // Another school, a guardian, a staff member without the right: refused.
    expect((await t.request('GET', `/notices/${id}/signatures.zip`, { token: tok.adminB })).status).toBe(404);
    expect((await t.request('GET', `/notices/${id}/signatures.zip`, { token: tok.teacherB })).status).toBe(404);
    expect((await t.request('GET', `/notices/${id}/signatures.zip`, { token: mother.token })).status).toBe(403);
    expect((await t.request('GET', `/notices/${id}/signatures.zip`, { token: tok.contact })).status).toBe(403);

    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { action: 'notice.signatures_exported', targetId: id }, order: { seq: 'ASC' } });
    expect(audit.map((a) => a.details.files)).toEqual([5, 4, 4]);
  });

  it('a notice without signatures gives an empty zip', async () => {
    const zip = await t.request('GET', `/notices/${noticeId}/signatures.zip`, { token: tok.teacher });
    expect(zip.status).toBe(200);
    expect(Object.keys((await JSZip.loadAsync(zip.raw)).files)).toEqual([]);
  });
});
