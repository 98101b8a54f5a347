import sharp from 'sharp';

/**
 * A signature as the app's pad exports it: one stroke (an SVG path) on a transparent background, as an RGBA PNG. The
 * tests of notices and pledges sign with it, on the database side and over HTTP.
 */
export function strokePng(path: string, opts: { width?: number; height?: number; colour?: string } = {}): Promise<Buffer> {
  const { width = 300, height = 100, colour = '#1f2a44' } = opts;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><path d="${path}" stroke="${colour}" stroke-width="6" fill="none" stroke-linecap="round"/></svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().png().toBuffer();
}
