import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, createDeflate } from 'node:zlib';
import { createTestDatabase, type TestDatabase } from '../../server/test/support/test-database';
import { startServer, type ServerProcess } from './support/server-process';

const MB = 1024 * 1024;

/** Peak resident memory of a process (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) * 1024;
}

/**
 * An 8-bit RGB PNG, row by row (`row(y)` gives the 3·width bytes of row y), deflated as a stream so that even a
 * 10,000 × 10,000 picture never sits in this process's memory.
 */
async function png(width: number, height: number, row: (y: number) => Buffer): Promise<Buffer> {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method variants, no interlace
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((r) => deflate.on('end', r));
  const filter = Buffer.from([0]);
  for (let y = 0; y < height; y++) {
    if (!deflate.write(Buffer.concat([filter, row(y)]))) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * A decompression bomb against a real server process: a PNG of a few hundred KB that decodes to 10,000 × 10,000
 * pixels (~300 MB of pixels; decoding it used to cost the server ~600 MB). It must be refused from its header,
 * without the server's peak memory ever reaching 300 MB, while a normal photo still goes through.
 * (The image path does not depend on the database engine; SQLite keeps this quick.)
 */
describe('photo upload: decompression bomb against a real server process', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    server = await startServer({ env: { DATABASE_URL: db.url, ANXIN_DATA_DIR: db.dataDir, ANXIN_DEMO_SEED: 'true', ANXIN_WORKER: 'false' } });
    url = server.url!;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  async function schoolId(): Promise<string> {
    const login = await fetch(`${url}/api/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'contact', school: 'a' }) });
    const { token } = await login.json();
    const me = await (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    return me.roles.find((r: { role: string }) => r.role === 'contact').schoolId;
  }

  async function upload(school: string, file: Buffer, name: string, type: string) {
    const form = new FormData();
    form.append('schoolId', school);
    form.append('file', new Blob([new Uint8Array(file)], { type }), name);
    const res = await fetch(`${url}/api/v1/tips/attachments`, { method: 'POST', body: form });
    return { status: res.status, body: await res.json() };
  }

  it('refuses the bomb with 413 and the one error shape; peak RSS stays under 300 MB; a normal photo still works', async () => {
    const school = await schoolId();
    const white = Buffer.alloc(10_000 * 3, 0xff);
    const bomb = await png(10_000, 10_000, () => white);
    expect(bomb.length).toBeLessThan(MB);
    const before = peakRss(server.proc.pid!);

    // Four at once, as a flood would send them.
    const refused = await Promise.all(Array.from({ length: 4 }, () => upload(school, bomb, 'bomb.png', 'image/png')));
    for (const r of refused) {
      expect(r.status).toBe(413);
      expect(r.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('像素') });
    }

    const afterBombs = peakRss(server.proc.pid!);
    expect(afterBombs).toBeLessThan(300 * MB);

    // A normal picture (1,600 × 1,200, noisy so it does not compress to nothing: ~5 MB) goes through and can be filed.
    let seed = 0x2545f491;
    const photo = await png(1600, 1200, () => {
      const r = Buffer.alloc(1600 * 3);
      for (let i = 0; i < r.length; i++) {
        seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; // xorshift32
        r[i] = seed & 0xff;
      }
      return r;
    });
    expect(photo.length).toBeGreaterThan(4 * MB);
    const ok = await upload(school, photo, 'IMG_0001.png', 'image/png');
    expect(ok.status).toBe(201);
    const tip = await fetch(`${url}/api/v1/tips`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schoolId: school, category: 'physical', description: '放学后在车棚被推倒，附照片', ongoing: false, reporterRole: 'victim', inDanger: false, clientKey: randomUUID(), attachmentIds: [ok.body.attachmentId] }),
    });
    expect(tip.status).toBe(201);

    const after = peakRss(server.proc.pid!);
    // Printed for the record (docs/TIP-BOX.md quotes it); the assertion is the 300 MB ceiling.
    console.log(`server peak RSS: ${(before / MB).toFixed(0)} MB before, ${(afterBombs / MB).toFixed(0)} MB after 4 bombs at once, ${(after / MB).toFixed(0)} MB after a 2-megapixel 5 MB photo too`);
    expect(after).toBeLessThan(300 * MB);
  });
});
