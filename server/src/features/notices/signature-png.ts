import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { HttpStatus } from '@nestjs/common';
import { ErrorCode, NOTICE_LIMITS } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { imageQueue } from '../../platform/images/image-sanitizer';
import { ImageQueueFullError } from '../../platform/images/image-work-queue';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface CheckedSignature {
  width: number;
  height: number;
  sha256: string;
}

/**
 * A guardian's signature as the app sends it: a trimmed PNG of at most NOTICE_LIMITS.signatureBytesMax bytes. Checked
 * by its magic bytes and its IHDR header (dimensions within the limits) before any pixel is decoded, then decoded in
 * full (a truncated or corrupt file is refused) on the process's shared image queue, and refused when it holds no
 * stroke at all (fully transparent, or one colour). Refused with `refusal` (a notice's code unless another feature's
 * signatures name their own).
 */
export async function checkSignaturePng(png: Buffer, refusal: { code: ErrorCode; details?: unknown } = { code: ErrorCode.NOTICE_SIGNATURE_INVALID }): Promise<CheckedSignature> {
  const invalid = (message: string) => AppException.unprocessable(refusal.code, message, refusal.details);
  if (png.length === 0) throw invalid('签名为空');
  if (png.length > NOTICE_LIMITS.signatureBytesMax) throw invalid(`签名图片不能超过 ${Math.round(NOTICE_LIMITS.signatureBytesMax / 1024)} KB`);
  // Signature (8 bytes), then the IHDR chunk: length 13, type "IHDR", width and height (big-endian).
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_MAGIC) || png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw invalid('签名应为 PNG 图片');
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const { signatureSideMin: min, signatureWidthMax: maxW, signatureHeightMax: maxH } = NOTICE_LIMITS;
  if (width < min || height < min || width > maxW || height > maxH) {
    throw invalid(`签名图片尺寸应在 ${min}×${min} 到 ${maxW}×${maxH} 像素之间（收到 ${width}×${height}）`);
  }
  const stats = await imageQueue.run(async () => {
    try {
      return await sharp(png, { failOn: 'error', limitInputPixels: maxW * maxH }).stats();
    } catch {
      return null;
    }
  }).catch((e) => {
    if (e instanceof ImageQueueFullError) throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, '服务繁忙，请稍后再提交签名');
    throw e;
  });
  if (!stats) throw invalid('签名图片已损坏，请重新签名');
  // No stroke: every pixel the same (any colour, any transparency), or every pixel fully transparent.
  const channels = stats.channels;
  const alpha = channels.length === 4 || channels.length === 2 ? channels[channels.length - 1] : null;
  if (channels.every((c) => c.min === c.max) || (alpha && alpha.max === 0)) throw invalid('签名为空，请在签名框内签字');
  return { width, height, sha256: createHash('sha256').update(png).digest('hex') };
}
