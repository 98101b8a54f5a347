import sharp from 'sharp';
import { CryptoService } from '../../src/platform/crypto/crypto.service';
import { TipAttachmentChunkEntity } from '../../src/features/tips/tip-attachment-chunk.entity';
import { TipAttachmentEntity } from '../../src/features/tips/tip-attachment.entity';
import { IMAGE_WORK_CONCURRENCY, IMAGE_WORK_MAX_WAITING, imageQueue } from '../../src/platform/images/image-sanitizer';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { WorkerService } from '../../src/platform/worker/worker.service';
import { TestApp } from '../support/test-app';
import { pinClockToFreshWindow, submitTip, tipBody } from './tips-helpers';

/** originals kept encrypted as evidence; staff see a re-encoded copy without EXIF/GPS. */
describe('tip attachments (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  let contact: string;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    contact = await t.login('contact');
  });
  afterAll(() => t?.stop());

  async function upload(schoolId: string, file: Buffer, filename = 'IMG_0001.jpg', contentType = 'image/jpeg', remoteAddress = '10.20.0.1') {
    const boundary = '----anxintest';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="schoolId"\r\n\r\n${schoolId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
      file, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.app.getHttpAdapter().getInstance().inject({
      method: 'POST', url: '/api/v1/tips/attachments', payload, remoteAddress,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  }

  const gpsJpeg = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } }).jpeg()
    .withExif({
      IFD0: { Make: 'CanaryCam', Model: 'Phone X' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 2742/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 1710/100' },
    }).toBuffer();

  it('keeps the original (with its GPS) encrypted as evidence and serves staff a copy with no EXIF at all', async () => {
    const original = await gpsJpeg();
    const meta = await sharp(original).metadata();
    expect(meta.exif?.includes(Buffer.from('CanaryCam'))).toBe(true);
    expect(meta.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // GPS IFD pointer tag 0x8825
    const up = await upload(ids.a.schoolId, original, '../../etc/passwd.jpg');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ mime: 'image/jpeg', size: original.length });
    const res = await submitTip(t, tipBody(ids.a.schoolId, { attachmentIds: [up.body.attachmentId] }), { remoteAddress: '10.20.0.2' });
    expect(res.status).toBe(201);
    const tipId = (await t.ds.getRepository(TipAttachmentEntity).findOneOrFail({ where: { id: up.body.attachmentId } })).tipId!;

    const detail = (await t.request('GET', `/tips/${tipId}`, { token: contact })).body;
    expect(detail.attachments).toEqual([expect.objectContaining({ id: up.body.attachmentId, mime: 'image/jpeg', width: 64, height: 48 })]);
    const staff = await t.request('GET', `/tips/${tipId}/attachments/${up.body.attachmentId}`, { token: contact });
    expect(staff.status).toBe(200);
    expect(staff.headers['content-type']).toBe('image/jpeg');
    expect(String(staff.headers['content-disposition'])).toBe(`inline; filename="${up.body.attachmentId}.jpg"`);
    const staffMeta = await sharp(staff.raw).metadata();
    expect(staffMeta.format).toBe('jpeg');
    expect([staffMeta.width, staffMeta.height]).toEqual([64, 48]);
    expect(staffMeta.exif).toBeUndefined();
    expect(staff.raw.includes(Buffer.from('CanaryCam'))).toBe(false);

    // The evidence copy decrypts to the exact original bytes; nothing in the database is the plain photo.
    const att = await t.ds.getRepository(TipAttachmentEntity).findOneOrFail({ where: { id: up.body.attachmentId } });
    const chunks = await t.ds.getRepository(TipAttachmentChunkEntity).find({ where: { attachmentId: att.id, copy: 'original' }, order: { seq: 'ASC' } });
    const crypto = t.get<CryptoService>(CryptoService);
    const back = Buffer.concat(await Promise.all(chunks.map((c) => crypto.decryptBytes(att.keyId, Buffer.from(c.data), `tip_attachment:${att.id}:original:${c.seq}`))));
    expect(back.equals(original)).toBe(true);
    expect(chunks.some((c) => Buffer.from(c.data).includes(Buffer.from('CanaryCam')))).toBe(false);
    // The contact can download the evidence copy as uploaded (audited); a principal without the case cannot.
    const ev = await t.request('GET', `/tips/${tipId}/attachments/${up.body.attachmentId}/original`, { token: contact });
    expect(ev.status).toBe(200);
    expect(ev.headers['content-type']).toBe('image/jpeg');
    expect(ev.raw.equals(original)).toBe(true);
    expect((await t.request('GET', `/tips/${tipId}/attachments/${up.body.attachmentId}/original`, { token: await t.login('principal') })).status).toBe(403);
    expect(await t.ds.query(`SELECT id FROM audit_entries WHERE action = 'tip.evidence_viewed' AND target_id = ?`, [tipId])).toHaveLength(1);
    // No client file name anywhere.
    const raw = JSON.stringify(await t.ds.query('SELECT * FROM tip_attachments'));
    expect(raw).not.toContain('passwd');
    // Viewing a photo is audited; a user without the case cannot fetch it.
    const viewed = await t.ds.query(`SELECT details FROM audit_entries WHERE action = 'tip.attachment_viewed' AND target_id = ?`, [tipId]);
    expect(viewed).toHaveLength(1);
    expect(JSON.parse(viewed[0].details)).toEqual({ attachmentId: up.body.attachmentId });
    expect((await t.request('GET', `/tips/${tipId}/attachments/${up.body.attachmentId}`, { token: await t.login('admin') })).status).toBe(403);
  });

  it('accepts PNG (re-encoded as JPEG for staff) and large photos split into chunks', async () => {
    const noise = Buffer.alloc(1400 * 1000 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const png = await sharp(noise, { raw: { width: 1400, height: 1000, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(png.length).toBeGreaterThan(2 * 1024 * 1024);
    const up = await upload(ids.a.schoolId, png, 'shot.png', 'image/png');
    expect(up.status).toBe(201);
    expect(up.body.mime).toBe('image/png');
    const n = await t.ds.getRepository(TipAttachmentChunkEntity).count({ where: { attachmentId: up.body.attachmentId, copy: 'original' } });
    expect(n).toBe(Math.ceil(png.length / (1024 * 1024)));
  });

  it('refuses other types by magic bytes (whatever the name says), undecodable images, and files over 10 MB (413)', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1');
    const asJpeg = await upload(ids.a.schoolId, gif, 'photo.jpg', 'image/jpeg');
    expect(asJpeg.status).toBe(415);
    expect(asJpeg.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(ids.a.schoolId, Buffer.from('%PDF-1.7 not an image'), 'x.png', 'image/png')).status).toBe(415);
    const broken = await upload(ids.a.schoolId, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]));
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('TIP_ATTACHMENT_INVALID');
    const big = Buffer.concat([await gpsJpeg(), Buffer.alloc(10 * 1024 * 1024 + 10, 1)]);
    const tooBig = await upload(ids.a.schoolId, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await upload('not-a-uuid', await gpsJpeg())).status).toBe(400);
    // JSON instead of multipart
    expect((await t.request('POST', '/tips/attachments', { body: { schoolId: ids.a.schoolId } })).status).toBe(415);
  });

  it('refuses a decompression bomb (a small PNG that decodes to 10,000 × 10,000) with 413, and checks the rate limit before any image work', async () => {
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = await upload(ids.a.schoolId, bomb, 'bomb.png', 'image/png', '10.21.0.1');
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '照片像素太多（最多 4000 万像素），请换一张或截图后再上传' });
    expect(await t.ds.getRepository(TipAttachmentEntity).count({ where: { originalSize: bomb.length } })).toBe(0);
    // 40 uploads an hour per client: the 41st is refused before its picture is looked at (429, not 413).
    pinClockToFreshWindow(t);
    const photo = await gpsJpeg();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await upload(ids.a.schoolId, photo, 'p.jpg', 'image/jpeg', '10.21.0.2')).status);
    expect(statuses).toEqual(Array(40).fill(201));
    const limited = await upload(ids.a.schoolId, bomb, 'bomb.png', 'image/png', '10.21.0.2');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    t.clock.reset();
  }, 60_000);

  it('answers 503 when the image queue is full (2 decoding, 8 waiting), and works again once it drains', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const busy = Array.from({ length: IMAGE_WORK_CONCURRENCY + IMAGE_WORK_MAX_WAITING }, () => imageQueue.run(() => held));
    expect(imageQueue.load).toEqual({ running: IMAGE_WORK_CONCURRENCY, waiting: IMAGE_WORK_MAX_WAITING });
    const refused = await upload(ids.a.schoolId, await gpsJpeg(), 'p.jpg', 'image/jpeg', '10.22.0.1');
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '正在处理的照片较多，请稍后再上传' });
    release();
    await Promise.all(busy);
    expect((await upload(ids.a.schoolId, await gpsJpeg(), 'p.jpg', 'image/jpeg', '10.22.0.1')).status).toBe(201);
  });

  it('an attachment belongs to one school and one tip', async () => {
    const up = await upload(ids.b.schoolId, await gpsJpeg());
    const wrongSchool = await submitTip(t, tipBody(ids.a.schoolId, { attachmentIds: [up.body.attachmentId] }), { remoteAddress: '10.20.0.3' });
    expect(wrongSchool.status).toBe(400);
    expect((await submitTip(t, tipBody(ids.b.schoolId, { attachmentIds: [up.body.attachmentId] }), { remoteAddress: '10.20.0.4' })).status).toBe(201);
    expect((await submitTip(t, tipBody(ids.b.schoolId, { attachmentIds: [up.body.attachmentId] }), { remoteAddress: '10.20.0.5' })).status).toBe(400);
    const seven = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    expect((await submitTip(t, tipBody(ids.b.schoolId, { attachmentIds: seven }), { remoteAddress: '10.20.0.6' })).status).toBe(400);
  });

  it('a photo never attached to a tip is deleted, bytes and all, after a day; attached ones stay', async () => {
    const orphan = (await upload(ids.a.schoolId, await gpsJpeg())).body.attachmentId;
    const kept = (await upload(ids.a.schoolId, await gpsJpeg())).body.attachmentId;
    expect((await submitTip(t, tipBody(ids.a.schoolId, { attachmentIds: [kept] }), { remoteAddress: '10.20.0.7' })).status).toBe(201);
    t.clock.advance(24 * 3600_000 + 60_000);
    await t.get<WorkerService>(WorkerService).drain();
    t.clock.reset();
    expect(await t.ds.getRepository(TipAttachmentEntity).count({ where: { id: orphan } })).toBe(0);
    expect(await t.ds.getRepository(TipAttachmentChunkEntity).count({ where: { attachmentId: orphan } })).toBe(0);
    expect(await t.ds.getRepository(TipAttachmentEntity).count({ where: { id: kept } })).toBe(1);
    expect(await t.ds.getRepository(TipAttachmentChunkEntity).count({ where: { attachmentId: kept } })).toBeGreaterThan(0);
  });
});
