import { NOTICE_LIMITS } from '@anxin/shared';

/**
 * Pixel work for a handwritten signature, apart from any canvas so it can be tested: find the ink, cut the picture
 * down to it (with a margin), and shrink it until it fits the server's limits. The canvas component draws, reads its
 * pixels with getImageData, runs `trimSignature`, and encodes the result as PNG.
 */
export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row (as ImageData holds them). */
  data: Uint8ClampedArray;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A pixel counts as ink when it is at least this opaque (anti-aliasing leaves a faint fringe below it). */
const INK_ALPHA = 16;

export const SIGNATURE_TRIM = {
  /** Transparent margin kept around the ink, in pixels. */
  padding: 8,
  minSide: NOTICE_LIMITS.signatureSideMin,
  maxWidth: NOTICE_LIMITS.signatureWidthMax,
  maxHeight: NOTICE_LIMITS.signatureHeightMax,
} as const;

/** The smallest rectangle holding every ink pixel, or null when nothing was drawn. */
export function inkBounds(p: Pixels): Bounds | null {
  let x0 = p.width;
  let y0 = p.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < p.height; y++) {
    const row = y * p.width * 4;
    for (let x = 0; x < p.width; x++) {
      if (p.data[row + x * 4 + 3] >= INK_ALPHA) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** A copy of the rectangle `b` of `p`; whatever lies outside `p` is transparent. */
export function crop(p: Pixels, b: Bounds): Pixels {
  const out = new Uint8ClampedArray(b.width * b.height * 4);
  for (let y = 0; y < b.height; y++) {
    const sy = b.y + y;
    if (sy < 0 || sy >= p.height) continue;
    for (let x = 0; x < b.width; x++) {
      const sx = b.x + x;
      if (sx < 0 || sx >= p.width) continue;
      const s = (sy * p.width + sx) * 4;
      const d = (y * b.width + x) * 4;
      out[d] = p.data[s];
      out[d + 1] = p.data[s + 1];
      out[d + 2] = p.data[s + 2];
      out[d + 3] = p.data[s + 3];
    }
  }
  return { width: b.width, height: b.height, data: out };
}

/**
 * Half the width and height (rounded up): each pixel the average of a 2×2 block, its colour weighted by opacity so
 * a stroke's edge does not darken or lighten against the transparent background.
 */
export function halve(p: Pixels): Pixels {
  const w = Math.max(1, Math.ceil(p.width / 2));
  const h = Math.max(1, Math.ceil(p.height / 2));
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      let n = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const sx = x * 2 + dx;
          const sy = y * 2 + dy;
          if (sx >= p.width || sy >= p.height) continue;
          const s = (sy * p.width + sx) * 4;
          const alpha = p.data[s + 3];
          r += p.data[s] * alpha;
          g += p.data[s + 1] * alpha;
          b += p.data[s + 2] * alpha;
          a += alpha;
          n++;
        }
      }
      const d = (y * w + x) * 4;
      if (a > 0) {
        out[d] = Math.round(r / a);
        out[d + 1] = Math.round(g / a);
        out[d + 2] = Math.round(b / a);
      }
      out[d + 3] = Math.round(a / n);
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * The signature as it is sent: cut to the ink plus `padding` on each side, at least `minSide` pixels each way (a
 * short mark is centred in a larger transparent box), and halved until it fits `maxWidth` × `maxHeight`. Null when
 * nothing was drawn.
 */
export function trimSignature(p: Pixels, opts: Partial<Record<keyof typeof SIGNATURE_TRIM, number>> = {}): Pixels | null {
  const { padding, minSide, maxWidth, maxHeight } = { ...SIGNATURE_TRIM, ...opts };
  const ink = inkBounds(p);
  if (!ink) return null;
  const width = Math.max(minSide, ink.width + padding * 2);
  const height = Math.max(minSide, ink.height + padding * 2);
  let out = crop(p, { x: ink.x - Math.floor((width - ink.width) / 2), y: ink.y - Math.floor((height - ink.height) / 2), width, height });
  while ((out.width > maxWidth || out.height > maxHeight) && out.width > 1 && out.height > 1) out = halve(out);
  return out;
}

/** Bytes a base64 text (without its `data:` prefix) decodes to. */
export function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - padding;
}
