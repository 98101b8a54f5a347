import { describe, expect, it } from '@jest/globals';
import { NOTICE_LIMITS } from '@anxin/shared';
import { base64Bytes, crop, halve, inkBounds, trimSignature, type Pixels } from './signature-image';

/** A transparent picture with opaque dark pixels where `ink` says. */
function picture(width: number, height: number, ink: (x: number, y: number) => number = () => 0): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = ink(x, y);
      if (a > 0) data.set([20, 20, 20, a], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

const alphaAt = (p: Pixels, x: number, y: number) => p.data[(y * p.width + x) * 4 + 3];
const inkCount = (p: Pixels) => {
  let n = 0;
  for (let i = 3; i < p.data.length; i += 4) if (p.data[i] >= 16) n++;
  return n;
};

describe('signature trimming', () => {
  it('finds nothing on an empty canvas, and ignores the faint fringe anti-aliasing leaves', () => {
    expect(inkBounds(picture(300, 150))).toBeNull();
    expect(trimSignature(picture(300, 150))).toBeNull();
    expect(trimSignature(picture(300, 150, () => 10))).toBeNull();
  });

  it('cuts the picture down to the stroke with a transparent margin on every side', () => {
    // A stroke from (100,40) to (199,69) on a 600×300 canvas.
    const p = picture(600, 300, (x, y) => (x >= 100 && x < 200 && y >= 40 && y < 70 ? 255 : 0));
    expect(inkBounds(p)).toEqual({ x: 100, y: 40, width: 100, height: 30 });
    const t = trimSignature(p)!;
    expect([t.width, t.height]).toEqual([116, 46]);
    expect(inkCount(t)).toBe(100 * 30);
    // The margin is empty, the ink starts right after it.
    expect(alphaAt(t, 7, 8)).toBe(0);
    expect(alphaAt(t, 8, 8)).toBe(255);
    expect(alphaAt(t, 115, 45)).toBe(0);
    expect(inkBounds(t)).toEqual({ x: 8, y: 8, width: 100, height: 30 });
  });

  it('keeps a stroke at the canvas edge (the margin outside the canvas is transparent)', () => {
    const p = picture(200, 100, (x, y) => (x < 10 && y < 5 ? 255 : 0));
    const t = trimSignature(p)!;
    expect(inkCount(t)).toBe(50);
    expect(t.width).toBeGreaterThanOrEqual(NOTICE_LIMITS.signatureSideMin);
  });

  it('makes a dot at least as large as the server accepts (16 × 16), centred', () => {
    const t = trimSignature(picture(300, 150, (x, y) => (x === 150 && y === 75 ? 255 : 0)), { padding: 2 })!;
    expect([t.width, t.height]).toEqual([NOTICE_LIMITS.signatureSideMin, NOTICE_LIMITS.signatureSideMin]);
    expect(inkBounds(t)).toEqual({ x: 7, y: 7, width: 1, height: 1 });
  });

  it('halves a signature that is larger than the server accepts until it fits', () => {
    const p = picture(2600, 900, (x, y) => (y === 450 || x === 1300 ? 255 : 0));
    const t = trimSignature(p, { padding: 0 })!;
    expect(t.width).toBeLessThanOrEqual(NOTICE_LIMITS.signatureWidthMax);
    expect(t.height).toBeLessThanOrEqual(NOTICE_LIMITS.signatureHeightMax);
    expect([t.width, t.height]).toEqual([1300, 450]);
    expect(inkCount(t)).toBeGreaterThan(0);
  });

  it('halving averages 2×2 blocks, weighting colour by opacity', () => {
    const p: Pixels = { width: 2, height: 2, data: new Uint8ClampedArray([200, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) };
    const h = halve(p);
    expect([h.width, h.height]).toEqual([1, 1]);
    // One opaque red pixel of four: a quarter as opaque, still red (not darkened by the transparent black).
    expect(Array.from(h.data)).toEqual([200, 0, 0, 64]);
    expect(halve({ width: 3, height: 1, data: new Uint8ClampedArray(12).fill(255) })).toMatchObject({ width: 2, height: 1 });
  });

  it('crop copies the rectangle and leaves what lies outside the picture transparent', () => {
    const p = picture(4, 4, () => 255);
    const c = crop(p, { x: 2, y: 2, width: 4, height: 4 });
    expect(inkCount(c)).toBe(4);
    expect(alphaAt(c, 0, 0)).toBe(255);
    expect(alphaAt(c, 2, 2)).toBe(0);
  });

  it('counts the bytes a base64 text holds (the 100 KB limit is on bytes, not characters)', () => {
    expect(base64Bytes(Buffer.from('abcd').toString('base64'))).toBe(4);
    expect(base64Bytes(Buffer.from('abcde').toString('base64'))).toBe(5);
    expect(base64Bytes(Buffer.alloc(NOTICE_LIMITS.signatureBytesMax).toString('base64'))).toBe(NOTICE_LIMITS.signatureBytesMax);
  });
});
