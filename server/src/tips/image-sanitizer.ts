import sharp from 'sharp';

export type ImageMime = 'image/jpeg' | 'image/png';

/** The type by magic bytes, never by the client's content type or file name (security checklist C9). */
export function sniffImage(buf: Buffer): ImageMime | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buf.length >= 8 && png.every((b, i) => buf[i] === b)) return 'image/png';
  return null;
}

export interface StaffCopy {
  data: Buffer;
  width: number | null;
  height: number | null;
}

/**
 * The copy staff see: decoded and re-encoded as JPEG, turned upright by its EXIF orientation first, with every
 * metadata block (EXIF incl. GPS, XMP, IPTC, ICC comments) dropped — sharp writes none unless asked to.
 * Throws when the bytes do not decode as an image.
 */
export async function staffCopy(original: Buffer): Promise<StaffCopy> {
  const { data, info } = await sharp(original, { failOn: 'error', limitInputPixels: 100_000_000 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width ?? null, height: info.height ?? null };
}
