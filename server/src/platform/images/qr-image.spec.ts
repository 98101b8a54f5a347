import * as QRCode from 'qrcode';
import { decodePng } from './png-decode';
import { qrPngDataUrl } from './qr-image';

describe('qrPngDataUrl', () => {
  const text = 'https://anxin.example.cn/join?code=ABCD-1234-EFGH';

  it('is a 240 px grayscale PNG whose dark and light squares are the QR code of the text', async () => {
    const url = await qrPngDataUrl(text);
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = decodePng(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'), 240 * 240);
    expect([png.width, png.height, png.colorType, png.bitDepth]).toEqual([240, 240, 0, 8]);
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const scale = 240 / (modules.size + 4); // a margin of two modules on each side
    const at = (row: number, col: number) => png.pixels[Math.floor((row + 2.5) * scale) * png.rowBytes + Math.floor((col + 2.5) * scale)];
    const wrong: string[] = [];
    for (let r = 0; r < modules.size; r++) {
      for (let c = 0; c < modules.size; c++) if (at(r, c) !== (modules.get(r, c) ? 0 : 255)) wrong.push(`${r},${c}`);
    }
    expect(wrong).toEqual([]);
    expect(png.pixels[0]).toBe(255); // the margin is light
  });

  it('stays small: under 2 kB for an invite link', async () => {
    expect((await qrPngDataUrl(text)).length).toBeLessThan(2048);
  });
});
