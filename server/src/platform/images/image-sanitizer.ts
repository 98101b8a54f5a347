import sharp from 'sharp';
import { ImageWorkQueue } from './image-work-queue';

/*
 * Pictures people upload (a tip's photos, a notice's pictures and signatures): known by their magic bytes, their size
 * read from the header before any pixel is decoded, decoded on the process's one bounded queue, and re-encoded without
 * metadata. The tip box and the notices share the queue, so the memory bound holds for the process as a whole.
 */

// No decoded images kept between uploads, and one libvips thread per image: how many images are worked on at
// once is decided by the queue below, so memory stays bounded by it.
sharp.cache(false);
sharp.concurrency(1);

/**
 * Largest picture accepted, in pixels (40 megapixels: 7,300 × 5,500; a phone's largest photo mode sends less
 * once the mini-program compresses it). Read from the file's header before anything is decoded, so a small file
 * that claims a huge picture (a "decompression bomb": 300 KB of PNG that would decode to 10,000 × 10,000) is
 * refused without the memory it would cost.
 */
export const MAX_INPUT_PIXELS = 40_000_000;
/**
 * The staff copy is scaled down to at most this many pixels (12 megapixels, a usual phone photo, kept as it is;
 * long chat screenshots also stay full size). Bigger pictures cost less memory to re-encode this way, and the
 * original is kept as evidence anyway.
 */
export const STAFF_COPY_MAX_PIXELS = 12_000_000;
/** Images decoded at once per process, and how many more may wait; beyond that an upload is refused (503). */
export const IMAGE_WORK_CONCURRENCY = 2;
export const IMAGE_WORK_MAX_WAITING = 8;

/** The process's one image queue (exported so a test can fill it). */
export const imageQueue = new ImageWorkQueue(IMAGE_WORK_CONCURRENCY, IMAGE_WORK_MAX_WAITING);

/** The header says the picture is larger than MAX_INPUT_PIXELS. */
export class ImageTooLargeError extends Error {
  constructor(readonly width: number, readonly height: number) {
    super(`image of ${width} x ${height} pixels is over the limit`);
  }
}

export type ImageMime = 'image/jpeg' | 'image/png';

/** The type by magic bytes, never by the client's content type or file name. */
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
 * metadata block (EXIF incl. GPS, XMP, IPTC, ICC comments) dropped — sharp writes none unless asked to — and
 * scaled down to STAFF_COPY_MAX_PIXELS when larger.
 * Throws ImageTooLargeError when the header claims more than MAX_INPUT_PIXELS, ImageQueueFullError when too many
 * images are being worked on already, and any other error when the bytes do not decode as an image.
 */
export async function staffCopy(original: Buffer): Promise<StaffCopy> {
  // Header only: no pixel is decoded here.
  const meta = await sharp(original, { failOn: 'error' }).metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw new Error('image without dimensions');
  if (width * height > MAX_INPUT_PIXELS) throw new ImageTooLargeError(width, height);
  return imageQueue.run(() => reencode(original, width, height, (meta.orientation ?? 1) >= 5));
}

async function reencode(original: Buffer, width: number, height: number, turned: boolean): Promise<StaffCopy> {
  let pipeline = sharp(original, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS }).rotate();
  const scale = Math.sqrt(STAFF_COPY_MAX_PIXELS / (width * height));
  if (scale < 1) {
    // The box is in upright terms: orientations 5–8 swap width and height.
    const [w, h] = turned ? [height, width] : [width, height];
    pipeline = pipeline.resize({ width: Math.max(1, Math.floor(w * scale)), height: Math.max(1, Math.floor(h * scale)), fit: 'inside' });
  }
  const { data, info } = await pipeline
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width ?? null, height: info.height ?? null };
}
