import { Writable } from 'node:stream';
import JSZip from 'jszip';
import { ZIP_BACKLOG_BYTES, ZipReaderGoneError, ZipWriter } from './zip-writer';

const read = (stream: NodeJS.ReadableStream) => new Promise<Buffer>((resolve, reject) => {
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  stream.on('end', () => resolve(Buffer.concat(parts)));
  stream.on('error', reject);
});
const pending = async (p: Promise<unknown>) => Promise.race([p.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 100))]);

describe('ZipWriter', () => {
  it('writes the files under their (Unicode) names, byte for byte', async () => {
    const zip = new ZipWriter();
    const out = read(zip.stream);
    const date = new Date('2031-03-03T02:00:00.000Z');
    await zip.add('三年级1班/王小明-母亲.png', Buffer.from('png one'), date);
    await zip.add('三年级2班/李华-父亲.png', Buffer.from([0, 1, 2, 255]), date);
    await zip.finish();
    const back = await JSZip.loadAsync(await out);
    expect(Object.keys(back.files).filter((n) => !back.files[n].dir).sort()).toEqual(['三年级1班/王小明-母亲.png', '三年级2班/李华-父亲.png']);
    expect(await back.file('三年级1班/王小明-母亲.png')!.async('string')).toBe('png one');
    expect([...(await back.file('三年级2班/李华-父亲.png')!.async('uint8array'))]).toEqual([0, 1, 2, 255]);
  });

  it('an empty archive is still a zip', async () => {
    const zip = new ZipWriter();
    const out = read(zip.stream);
    await zip.finish();
    expect(Object.keys((await JSZip.loadAsync(await out)).files)).toEqual([]);
  });

  it('waits while the client has not read what came before, so a slow download never holds the whole export', async () => {
    const zip = new ZipWriter();
    const big = Buffer.alloc(ZIP_BACKLOG_BYTES + 1024, 7);
    const adding = zip.add('a.png', big, new Date());
    expect(await pending(adding)).toBe('pending'); // nobody reads yet
    let bytes = 0;
    const sink = zip.stream.pipe(new Writable({ write: (c: Buffer, _e, done) => { bytes += c.length; done(); } }));
    const written = new Promise((r) => sink.on('finish', r));
    await adding;
    await zip.add('b.png', Buffer.from('small'), new Date());
    await zip.finish();
    await written;
    expect(bytes).toBeGreaterThan(big.length);
  });

  it('stops when the client goes away', async () => {
    const zip = new ZipWriter();
    const adding = zip.add('a.png', Buffer.alloc(ZIP_BACKLOG_BYTES * 2), new Date());
    expect(await pending(adding)).toBe('pending');
    zip.stream.destroy();
    await expect(adding).rejects.toBeInstanceOf(ZipReaderGoneError);
    await expect(zip.add('b.png', Buffer.from('x'), new Date())).rejects.toBeInstanceOf(ZipReaderGoneError);
  });
});
