import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodePng, isBlank, PngDecodeError } from './png-decode';

/** A stroke-like picture with gradients, so the encoder uses every filter type across its rows. */
async function picture(width: number, height: number, channels: 1 | 2 | 3 | 4): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) raw[(y * width + x) * channels + c] = (x * 7 + y * 13 + c * 50 + ((x * y) % 23)) & 0xff;
    }
  }
  return sharp(raw, { raw: { width, height, channels } }).png({ adaptiveFiltering: true }).toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG assembled by hand: IHDR of these fields, then `rest` (IDAT etc.), then IEND. */
function assemble(ihdr: { width: number; height: number; depth: number; colorType: number; interlace?: number }, ...rest: Buffer[]): Buffer {
  const h = Buffer.alloc(13);
  h.writeUInt32BE(ihdr.width, 0);
  h.writeUInt32BE(ihdr.height, 4);
  h.set([ihdr.depth, ihdr.colorType, 0, 0, ihdr.interlace ?? 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', h), ...rest, chunk('IEND', Buffer.alloc(0))]);
}

function refusal(fn: () => unknown): PngDecodeError['reason'] | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof PngDecodeError) return e.reason;
    throw e;
  }
}

describe('decodePng', () => {
  it.each([1, 2, 3, 4] as const)('gives the same pixels as libvips for %i channel(s), every filter type', async (channels) => {
    const png = await picture(97, 41, channels);
    const ours = decodePng(png, 1e6);
    const theirs = await sharp(png).raw().toBuffer();
    expect(ours.width).toBe(97);
    expect(ours.channels).toBe((await sharp(png).metadata()).channels);
    expect(ours.pixels.equals(theirs)).toBe(true);
  });

  it('reads a palette picture and its transparency', async () => {
    const png = await sharp(await picture(60, 30, 4)).png({ palette: true, colours: 16 }).toBuffer();
    const ours = decodePng(png, 1e6);
    expect(ours.colorType).toBe(3);
    expect(ours.paletteAlpha).not.toBeNull();
    expect(isBlank(ours)).toBe(false);
  });

  it('keeps the picture and drops metadata chunks (text, EXIF, times)', async () => {
    const png = await picture(20, 10, 4);
    const iend = png.length - 12;
    const withText = Buffer.concat([png.subarray(0, 33), chunk('tEXt', Buffer.from('Author\0王小明的手机')), chunk('eXIf', Buffer.from('MM\0*')), png.subarray(33, iend), png.subarray(iend)]);
    const decoded = decodePng(withText, 1e6);
    expect(decoded.stripped.includes(Buffer.from('Author'))).toBe(false);
    expect(decoded.stripped.includes(Buffer.from('eXIf'))).toBe(false);
    expect((await sharp(decoded.stripped).raw().toBuffer()).equals(await sharp(png).raw().toBuffer())).toBe(true);
  });

  it('refuses a changed byte anywhere (CRC), a cut-off file and bytes after IEND', async () => {
    const png = await picture(40, 20, 4);
    const flipped = Buffer.from(png);
    flipped[png.length - 20] ^= 0x01;
    expect(refusal(() => decodePng(flipped, 1e6))).toBe('corrupt');
    expect(refusal(() => decodePng(png.subarray(0, png.length - 5), 1e6))).toBe('corrupt');
    expect(refusal(() => decodePng(Buffer.concat([png, Buffer.from('extra')]), 1e6))).toBe('corrupt');
    expect(refusal(() => decodePng(Buffer.from('GIF89a not a png at all, long enough to read a header from'), 1e6))).toBe('format');
  });

  it('refuses image data that inflates to more or less than the header gives (a small file cannot expand without bound)', () => {
    const ihdr = { width: 100, height: 100, depth: 8, colorType: 6 };
    const rowBytes = 100 * 4 + 1;
    const bomb = deflateSync(Buffer.alloc(rowBytes * 100 * 50));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(refusal(() => decodePng(assemble(ihdr, chunk('IDAT', bomb)), 1e6))).toBe('corrupt');
    expect(refusal(() => decodePng(assemble(ihdr, chunk('IDAT', deflateSync(Buffer.alloc(rowBytes * 99)))), 1e6))).toBe('corrupt');
    expect(refusal(() => decodePng(assemble(ihdr, chunk('IDAT', deflateSync(Buffer.alloc(rowBytes * 100)))), 1e6))).toBeNull();
  });

  it('refuses a bad filter type, a palette index past the palette, an unknown critical chunk, interlacing and too many pixels', () => {
    const row = (filter: number) => Buffer.from([filter, 0, 1, 2, 3]);
    const grey = { width: 4, height: 2, depth: 8, colorType: 0 };
    expect(refusal(() => decodePng(assemble(grey, chunk('IDAT', deflateSync(Buffer.concat([row(0), row(5)])))), 1e6))).toBe('corrupt');
    const palette = { width: 4, height: 2, depth: 8, colorType: 3 };
    const plte = chunk('PLTE', Buffer.alloc(3 * 3));
    expect(refusal(() => decodePng(assemble(palette, plte, chunk('IDAT', deflateSync(Buffer.concat([row(0), row(0)])))), 1e6))).toBe('corrupt');
    expect(refusal(() => decodePng(assemble(palette, plte, chunk('IDAT', deflateSync(Buffer.from([0, 0, 1, 2, 2, 0, 0, 0, 0, 0])))), 1e6))).toBeNull();
    expect(refusal(() => decodePng(assemble(grey, chunk('ZZZZ', Buffer.alloc(1)), chunk('IDAT', deflateSync(Buffer.concat([row(0), row(0)])))), 1e6))).toBe('unsupported');
    expect(refusal(() => decodePng(assemble({ ...grey, interlace: 1 }, chunk('IDAT', deflateSync(Buffer.alloc(10)))), 1e6))).toBe('unsupported');
    expect(refusal(() => decodePng(assemble(grey, chunk('IDAT', deflateSync(Buffer.concat([row(0), row(0)])))), 7))).toBe('unsupported');
  });
});

describe('isBlank', () => {
  it('a single colour or a fully transparent picture is blank; one differing pixel is not', async () => {
    const clear = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0 } } }).png().toBuffer();
    expect(isBlank(decodePng(clear, 1e6))).toBe(true);
    const white = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#ffffff' } }).png().toBuffer();
    expect(isBlank(decodePng(white, 1e6))).toBe(true);
    const raw = Buffer.alloc(30 * 20 * 4);
    raw[4 * (30 * 19 + 29) + 3] = 255;
    const dot = await sharp(raw, { raw: { width: 30, height: 20, channels: 4 } }).png().toBuffer();
    expect(isBlank(decodePng(dot, 1e6))).toBe(false);
    // colours under a zero alpha are invisible: still blank
    const hidden = Buffer.alloc(30 * 20 * 4);
    for (let i = 0; i < hidden.length; i += 4) hidden[i] = i % 251;
    expect(isBlank(decodePng(await sharp(hidden, { raw: { width: 30, height: 20, channels: 4 } }).png().toBuffer(), 1e6))).toBe(true);
  });

  /** A PNG by hand of `rows` (each row's bytes, filter 0). */
  const byHand = (depth: number, colorType: number, width: number, rows: Buffer[], ...extra: Buffer[]) =>
    decodePng(assemble({ width, height: rows.length, depth, colorType }, ...extra, chunk('IDAT', deflateSync(Buffer.concat(rows.flatMap((r) => [Buffer.from([0]), r]))))), 1e6);

  it('finds the one row that differs after a long uniform margin, and the one visible pixel under it', () => {
    // 8-bit RGBA, 40 transparent rows: a later row with a faint pixel (alpha 1) is not blank; colours at alpha 0 are.
    const clear = () => Buffer.alloc(50 * 4);
    const faint = clear();
    faint.set([0, 0, 0, 1], 4 * 37);
    expect(isBlank(byHand(8, 6, 50, [...Array.from({ length: 40 }, clear), faint, clear()]))).toBe(false);
    const tinted = clear();
    tinted.set([255, 0, 0, 0], 4 * 37);
    expect(isBlank(byHand(8, 6, 50, [...Array.from({ length: 40 }, clear), tinted, clear()]))).toBe(true);
    // A visible margin (opaque rows alike) over transparent rows of another colour: the margin is what shows.
    const opaque = () => Buffer.alloc(50 * 4, 255);
    const hiddenRed = clear();
    hiddenRed.set([255, 0, 0, 0], 0);
    expect(isBlank(byHand(8, 6, 50, [...Array.from({ length: 40 }, opaque), hiddenRed, clear()]))).toBe(false);
    // A uniform first row and a last row of another colour (no alpha channel): not blank.
    const grey = (v: number) => Buffer.alloc(50, v);
    expect(isBlank(byHand(8, 0, 50, [grey(200), grey(200), grey(201)]))).toBe(false);
    expect(isBlank(byHand(8, 0, 50, [grey(200), grey(200), grey(200)]))).toBe(true);
  });

  it('reads a 16-bit alpha whole: either of its bytes set is visible', () => {
    // 16-bit grey + alpha (four bytes a pixel): grey varies under a zero alpha (blank), then an alpha of 1 or of 256.
    const pixels = (alpha: number) => {
      const row = Buffer.alloc(10 * 4);
      for (let x = 0; x < 10; x++) row.writeUInt16BE(x * 1000, x * 4);
      row.writeUInt16BE(alpha, 4 * 6 + 2);
      return [Buffer.alloc(10 * 4), row];
    };
    expect(isBlank(byHand(16, 4, 10, pixels(0)))).toBe(true);
    expect(isBlank(byHand(16, 4, 10, pixels(1)))).toBe(false);
    expect(isBlank(byHand(16, 4, 10, pixels(256)))).toBe(false);
    // 16-bit RGBA (eight bytes a pixel) the same way.
    const rgba = Buffer.alloc(3 * 8);
    rgba.writeUInt16BE(65535, 8);
    expect(isBlank(byHand(16, 6, 3, [Buffer.alloc(3 * 8), rgba]))).toBe(true);
    rgba.writeUInt16BE(1, 8 + 6);
    expect(isBlank(byHand(16, 6, 3, [Buffer.alloc(3 * 8), rgba]))).toBe(false);
  });

  it('a palette picture is blank when every index used is transparent', () => {
    const plte = chunk('PLTE', Buffer.from([0, 0, 0, 255, 0, 0]));
    expect(isBlank(byHand(8, 3, 4, [Buffer.from([0, 0, 1, 0])], plte, chunk('tRNS', Buffer.from([0, 0]))))).toBe(true);
    expect(isBlank(byHand(8, 3, 4, [Buffer.from([0, 0, 1, 0])], plte, chunk('tRNS', Buffer.from([0, 9]))))).toBe(false);
    // Rows alike of a visible index over a differing row of a transparent one: not blank.
    expect(isBlank(byHand(8, 3, 4, [Buffer.from([1, 1, 1, 1]), Buffer.from([1, 1, 1, 1]), Buffer.from([0, 0, 0, 0])], plte, chunk('tRNS', Buffer.from([0, 9]))))).toBe(false);
  });
});
