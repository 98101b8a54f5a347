import { endianness } from 'node:os';
import { crc32, inflateSync } from 'node:zlib';

/** Why decodePng refused a file (the caller words it for the user). */
export class PngDecodeError extends Error {
  constructor(readonly reason: 'format' | 'unsupported' | 'corrupt', message: string) {
    super(message);
  }
}

export interface DecodedPng {
  width: number;
  height: number;
  /** Channels per pixel (grey 1, grey+alpha 2, RGB 3, RGBA 4, palette index 1). */
  channels: number;
  bitDepth: number;
  colorType: number;
  /** The palette's alpha per index (from tRNS), for a palette image. */
  paletteAlpha: Uint8Array | null;
  /** The unfiltered scanlines, `rowBytes` each, without their filter bytes. */
  pixels: Buffer;
  rowBytes: number;
  /** The same picture as a PNG of its critical chunks and tRNS only (no text, EXIF, times or other metadata). */
  stripped: Buffer;
}

const MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bit depths each colour type allows (PNG specification, IHDR). */
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Chunks kept in `stripped`: what the picture is made of. */
const KEPT = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Decodes a PNG in full, in this thread, without a native image library: every chunk's CRC, the header's fields, the
 * chunk order, the compressed data inflated to exactly the size the header implies (never more: a small file cannot
 * expand into gigabytes) and every scanline unfiltered. What it accepts, any PNG decoder renders. Interlaced (Adam7)
 * files are refused as unsupported: canvases never write them. `maxPixels` bounds width × height before inflating.
 */
export function decodePng(png: Buffer, maxPixels: number): DecodedPng {
  if (png.length < 8 + 25 + 12 || !png.subarray(0, 8).equals(MAGIC)) throw new PngDecodeError('format', 'not a PNG');
  const chunks: { type: string; data: Buffer; raw: Buffer }[] = [];
  let at = 8;
  while (at < png.length) {
    if (at + 12 > png.length) throw new PngDecodeError('corrupt', 'truncated chunk');
    const length = png.readUInt32BE(at);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > png.length) throw new PngDecodeError('corrupt', 'truncated chunk');
    const type = png.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngDecodeError('corrupt', 'bad chunk type');
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) throw new PngDecodeError('corrupt', `bad CRC in ${type}`);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length), raw: png.subarray(at, end) });
    at = end;
    if (type === 'IEND') break;
  }
  if (at !== png.length || chunks[chunks.length - 1]?.type !== 'IEND') throw new PngDecodeError('corrupt', 'no IEND at the end');
  const ihdr = chunks[0];
  if (ihdr?.type !== 'IHDR' || ihdr.data.length !== 13) throw new PngDecodeError('format', 'no IHDR first');
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);
  const [bitDepth, colorType, compression, filter, interlace] = ihdr.data.subarray(8);
  if (!DEPTHS[colorType]?.includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) throw new PngDecodeError('corrupt', 'bad IHDR');
  if (interlace === 1) throw new PngDecodeError('unsupported', 'interlaced');
  if (width === 0 || height === 0 || width * height > maxPixels) throw new PngDecodeError('unsupported', 'too many pixels');

  for (const c of chunks) {
    // A critical chunk this decoder does not know changes how the picture reads: refused, never skipped.
    if (c.type.charCodeAt(0) < 0x61 && !KEPT.has(c.type)) throw new PngDecodeError('unsupported', `critical chunk ${c.type}`);
  }
  const types = chunks.map((c) => c.type);
  const firstIdat = types.indexOf('IDAT');
  const lastIdat = types.lastIndexOf('IDAT');
  if (firstIdat < 0 || types.slice(firstIdat, lastIdat + 1).some((t) => t !== 'IDAT')) throw new PngDecodeError('corrupt', 'IDAT missing or not consecutive');
  const plte = chunks.filter((c) => c.type === 'PLTE');
  if (plte.length > 1 || (plte[0] && (types.indexOf('PLTE') > firstIdat || plte[0].data.length % 3 !== 0 || plte[0].data.length > 768 || plte[0].data.length === 0))) {
    throw new PngDecodeError('corrupt', 'bad PLTE');
  }
  if (colorType === 3 && !plte.length) throw new PngDecodeError('corrupt', 'palette image without PLTE');
  const paletteSize = plte.length ? plte[0].data.length / 3 : 0;
  const trns = chunks.find((c) => c.type === 'tRNS');
  let paletteAlpha: Uint8Array | null = null;
  if (colorType === 3) {
    paletteAlpha = new Uint8Array(paletteSize).fill(255);
    if (trns) {
      if (trns.data.length > paletteSize) throw new PngDecodeError('corrupt', 'bad tRNS');
      paletteAlpha.set(trns.data);
    }
  }

  const channels = CHANNELS[colorType];
  const bitsPerPixel = channels * bitDepth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const expected = height * (rowBytes + 1);
  let raw: Buffer;
  try {
    // One output buffer a byte larger than the picture: inflated in one piece, never copied out of smaller chunks.
    const idat = firstIdat === lastIdat ? chunks[firstIdat].data : Buffer.concat(chunks.slice(firstIdat, lastIdat + 1).map((c) => c.data));
    raw = inflateSync(idat, { maxOutputLength: expected, chunkSize: Math.max(64, expected + 1) });
  } catch {
    throw new PngDecodeError('corrupt', 'image data does not inflate to the size the header gives');
  }
  if (raw.length !== expected) throw new PngDecodeError('corrupt', 'image data shorter than the header gives');
  const pixels = unfilter(raw, height, rowBytes, Math.max(1, bitsPerPixel >> 3));
  if (colorType === 3) {
    const perByte = 8 / bitDepth;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = pixels[y * rowBytes + Math.floor(x / perByte)];
        const index = (byte >> (8 - bitDepth * (1 + (x % perByte)))) & ((1 << bitDepth) - 1);
        if (index >= paletteSize) throw new PngDecodeError('corrupt', 'palette index out of range');
      }
    }
  }
  const stripped = Buffer.concat([MAGIC, ...chunks.filter((c) => KEPT.has(c.type)).map((c) => c.raw)]);
  return { width, height, channels, bitDepth, colorType, paletteAlpha, pixels, rowBytes, stripped };
}

/**
 * Reverses the five PNG filters, scanline by scanline; `bpp` is bytes per complete pixel (at least 1). One loop per
 * filter type (a switch per byte made this the most expensive step of accepting a signature). In place: each row is
 * written one filter byte per row further left than it was read from, so nothing is overwritten before it is read.
 */
function unfilter(raw: Buffer, height: number, rowBytes: number, bpp: number): Buffer {
  const out = raw;
  for (let y = 0; y < height; y++) {
    const type = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const prev = row - rowBytes;
    const first = y === 0;
    switch (type) {
      case 0:
        raw.copy(out, row, src, src + rowBytes);
        break;
      case 1:
        for (let x = 0; x < rowBytes; x++) out[row + x] = raw[src + x] + (x >= bpp ? out[row + x - bpp] : 0);
        break;
      case 2:
        if (first) raw.copy(out, row, src, src + rowBytes);
        else for (let x = 0; x < rowBytes; x++) out[row + x] = raw[src + x] + out[prev + x];
        break;
      case 3:
        for (let x = 0; x < rowBytes; x++) out[row + x] = raw[src + x] + (((x >= bpp ? out[row + x - bpp] : 0) + (first ? 0 : out[prev + x])) >> 1);
        break;
      case 4:
        for (let x = 0; x < rowBytes; x++) {
          const a = x >= bpp ? out[row + x - bpp] : 0;
          const b = first ? 0 : out[prev + x];
          const c = first || x < bpp ? 0 : out[prev + x - bpp];
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          out[row + x] = raw[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw new PngDecodeError('corrupt', `bad filter type ${type} on row ${y}`);
    }
  }
  return out.subarray(0, height * rowBytes);
}

/**
 * Whether the picture shows nothing: every pixel fully transparent, or every pixel the same (any colour, any
 * transparency). Compared on the stored samples, so a padding bit at a row's end of a 1-, 2- or 4-bit picture counts
 * as part of its last pixel.
 */
export function isBlank(img: DecodedPng): boolean {
  const { pixels, rowBytes, height, colorType, bitDepth, paletteAlpha } = img;
  const unit = Math.max(1, (img.channels * bitDepth) >> 3);
  const differs = firstDifferentRow(pixels, rowBytes, height, unit);
  if (differs === null) return true;
  // The rows above `differs` equal the first: it stands for them all (a signature's empty margin is not read twice).
  const first = pixels.subarray(0, rowBytes);
  const rest = pixels.subarray(differs * rowBytes);
  if (colorType === 4 || colorType === 6) {
    const alphaAt = (img.channels - 1) * (bitDepth >> 3);
    return alphaAllZero(first, unit, alphaAt) && alphaAllZero(rest, unit, alphaAt);
  }
  if (colorType === 3 && paletteAlpha && bitDepth === 8) return [first, rest].every((part) => part.every((index) => paletteAlpha[index] === 0));
  return false;
}

/**
 * Null when the first row is one unit (pixel, or byte below 8 bits) repeated and every other row equals it; else the
 * first row that is not so (0 when the first row itself is not uniform). Rows are compared with Buffer.compare
 * (native), not byte by byte in JavaScript: a signature's transparent margin above the ink is tens of thousands of bytes.
 */
function firstDifferentRow(pixels: Buffer, rowBytes: number, height: number, unit: number): number | null {
  for (let x = unit; x < rowBytes; x++) if (pixels[x] !== pixels[x % unit]) return 0;
  for (let y = 1; y < height; y++) if (pixels.compare(pixels, y * rowBytes, (y + 1) * rowBytes, 0, rowBytes) !== 0) return y;
  return null;
}

/**
 * Every pixel's alpha sample is zero; `alphaAt` is the alpha's first byte within a pixel of `unit` bytes (it runs to
 * the pixel's end). Four-byte pixels (8-bit RGBA, 16-bit grey + alpha) are read a word at a time where the buffer
 * allows it: on a little-endian machine the alpha is the word's high bytes.
 */
function alphaAllZero(pixels: Buffer, unit: number, alphaAt: number): boolean {
  if (unit === 4 && LITTLE_ENDIAN && pixels.byteOffset % 4 === 0) {
    const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2);
    const shift = alphaAt * 8;
    for (let i = 0; i < words.length; i++) if (words[i] >>> shift !== 0) return false;
    return true;
  }
  for (let i = alphaAt; i < pixels.length; i += unit) {
    for (let k = i; k < i - alphaAt + unit; k++) if (pixels[k] !== 0) return false;
  }
  return true;
}
