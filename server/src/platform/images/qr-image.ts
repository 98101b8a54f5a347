import * as QRCode from 'qrcode';

/**
 * A QR code of `text` as a PNG data URL, 240 px square (the size the invite pages show and print): error correction M,
 * a margin of two modules. The one way the server draws a QR code as an image for the apps (class invites, staff and
 * onboarding invites).
 *
 * Grayscale with every row filtered "up" (each byte minus the one above it; a QR code's rows repeat in bands, so most
 * bytes become 0): 1.6 kB where qrcode's default (RGBA, each row's filter chosen by trying all five) is 2.7 kB, and about
 * a third less CPU, most of which went into that choosing. Invite lists draw one per row.
 */
export async function qrPngDataUrl(text: string): Promise<string> {
  // qrcode hands rendererOpts to pngjs as they are; its types name only the deflate settings.
  const png = { colorType: 0, filterType: 2 } as QRCode.QRCodeToBufferOptions['rendererOpts'];
  const bytes = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 240, rendererOpts: png });
  return `data:image/png;base64,${bytes.toString('base64')}`;
}
