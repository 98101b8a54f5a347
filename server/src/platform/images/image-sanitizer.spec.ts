import sharp from 'sharp';
import { ImageTooLargeError, MAX_INPUT_PIXELS, STAFF_COPY_MAX_PIXELS, sniffImage, staffCopy } from './image-sanitizer';

describe('image sanitizer', () => {
  it('knows JPEG and PNG by their magic bytes only', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(sniffImage(jpeg)).toBe('image/jpeg');
    expect(sniffImage(png)).toBe('image/png');
    expect(sniffImage(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });

  it('re-encodes without EXIF/GPS and turns the picture upright', async () => {
    const tagged = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#a33' } }).jpeg()
      .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 0/1' } }).withMetadata({ orientation: 6 }).toBuffer();
    const before = await sharp(tagged).metadata();
    expect(before.exif?.includes(Buffer.from('TestCam'))).toBe(true);
    expect(before.orientation).toBe(6);
    const copy = await staffCopy(tagged);
    const meta = await sharp(copy.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.format).toBe('jpeg');
    expect([copy.width, copy.height]).toEqual([20, 40]); // orientation 6 = rotated 90°
    expect(copy.data.includes(Buffer.from('TestCam'))).toBe(false);
  });

  it('throws on bytes that do not decode', async () => {
    await expect(staffCopy(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100, 1)]))).rejects.toThrow();
  });

  it('refuses a decompression bomb by its header, before decoding: a small PNG that claims 10,000 × 10,000', async () => {
    // A real 10,000 × 10,000 PNG costs seconds to make; its header alone is what staffCopy reads, so the test
    // takes a small valid PNG and writes the bomb's dimensions into its IHDR (CRC fixed up).
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer();
    const bomb = withPngSize(png, 10_000, 10_000);
    expect((await sharp(bomb).metadata()).width).toBe(10_000);
    await expect(staffCopy(bomb)).rejects.toBeInstanceOf(ImageTooLargeError);
    // Just under the limit passes the header check (and then fails to decode: its pixel data is 2 × 2).
    const side = Math.floor(Math.sqrt(MAX_INPUT_PIXELS));
    await expect(staffCopy(withPngSize(png, side, side))).rejects.not.toBeInstanceOf(ImageTooLargeError);
  });

  it('scales a picture larger than 12 megapixels down for staff, keeping its proportions; a long screenshot stays as it is', async () => {
    const big = await sharp({ create: { width: 5000, height: 2500, channels: 3, background: '#3a3' } }).jpeg().toBuffer();
    const copy = await staffCopy(big);
    expect(copy.width! * copy.height!).toBeLessThanOrEqual(STAFF_COPY_MAX_PIXELS);
    expect(copy.width! * copy.height!).toBeGreaterThan(STAFF_COPY_MAX_PIXELS * 0.99);
    expect(copy.width! / copy.height!).toBeCloseTo(2, 2);
    const screenshot = await sharp({ create: { width: 1080, height: 6000, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await staffCopy(screenshot)).toMatchObject({ width: 1080, height: 6000 });
  }, 30_000);
});

/** The PNG with other width and height in its IHDR chunk (and that chunk's CRC recomputed). */
function withPngSize(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
