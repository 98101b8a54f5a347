import sharp from 'sharp';
import { NOTICE_LIMITS } from '@anxin/shared';
import { checkSignaturePng } from './signature-png';

/** A signature as the app's canvas exports it: a dark stroke on a transparent background. */
async function strokePng(width = 300, height = 120): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><path d="M10 ${height - 20} C 60 10, 120 10, ${width - 10} ${height / 2}" stroke="#111" stroke-width="6" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function expectRefused(png: Buffer, message: RegExp): Promise<void> {
  await expect(checkSignaturePng(png)).rejects.toMatchObject({ code: 'NOTICE_SIGNATURE_INVALID', status: 422, message: expect.stringMatching(message) });
}

describe('signature PNG check', () => {
  it('accepts a trimmed stroke PNG and gives its size and sha256', async () => {
    const png = await strokePng();
    const res = await checkSignaturePng(png);
    expect(res).toEqual({ width: 300, height: 120, png: expect.any(Buffer), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // what is kept is the same picture (only metadata chunks dropped), and the hash is of it
    expect((await sharp(res.png).raw().toBuffer()).equals(await sharp(png).raw().toBuffer())).toBe(true);
    expect(res.png.length).toBeLessThanOrEqual(png.length);
  });

  it('refuses anything that is not a PNG by its magic bytes, whatever it claims to be', async () => {
    const jpeg = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    await expectRefused(jpeg, /PNG/);
    await expectRefused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), /PNG/);
    await expectRefused(Buffer.alloc(0), /为空/);
    // PNG magic without an IHDR chunk first
    const png = await strokePng();
    const broken = Buffer.from(png);
    broken.write('XXXX', 12, 'latin1');
    await expectRefused(broken, /PNG/);
  });

  it('refuses dimensions outside the limits, read from the header before decoding', async () => {
    await expectRefused(await strokePng(NOTICE_LIMITS.signatureWidthMax + 1, 100), /尺寸/);
    await expectRefused(await strokePng(200, NOTICE_LIMITS.signatureHeightMax + 1), /尺寸/);
    await expectRefused(await strokePng(NOTICE_LIMITS.signatureSideMin - 1, 100), /尺寸/);
    // A tiny file whose header claims a huge picture is refused by its header alone.
    const png = await strokePng();
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(50_000, 16);
    bomb.writeUInt32BE(50_000, 20);
    await expectRefused(bomb, /尺寸/);
  });

  it('refuses more than the byte limit', async () => {
    // Random pixels do not compress: 200 × 200 RGBA noise is far over 100 KB.
    const noise = Buffer.alloc(200 * 200 * 4);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const big = await sharp(noise, { raw: { width: 200, height: 200, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(big.length).toBeGreaterThan(NOTICE_LIMITS.signatureBytesMax);
    await expectRefused(big, /100 KB/);
  });

  it('refuses a truncated or corrupt PNG (decoded in full)', async () => {
    const png = await strokePng();
    await expectRefused(png.subarray(0, Math.floor(png.length / 2)), /损坏/);
  });

  it('refuses a blank signature: fully transparent, or a single colour', async () => {
    const transparent = await sharp({ create: { width: 300, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    await expectRefused(transparent, /签名为空/);
    const white = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#ffffff' } }).png().toBuffer();
    await expectRefused(white, /签名为空/);
  });
});
