import sharp from 'sharp';
import { sniffImage, staffCopy } from './image-sanitizer';

describe('image sanitizer (checklist C8, C9)', () => {
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
});
