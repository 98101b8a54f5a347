import { createHash } from 'node:crypto';
import { ErrorCode, NOTICE_LIMITS } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { decodePng, isBlank, PngDecodeError } from '../../platform/images/png-decode';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface CheckedSignature {
  width: number;
  height: number;
  /** What is stored: the PNG as sent without its metadata chunks (decodePng's `stripped`). */
  png: Buffer;
  /** Of `png`. */
  sha256: string;
}

/**
 * A guardian's signature as the app sends it: a trimmed PNG of at most NOTICE_LIMITS.signatureBytesMax bytes. Checked
 * by its magic bytes and its IHDR header (dimensions within the limits) before any pixel is decoded, then decoded in
 * full in this thread (png-decode.ts: a truncated or corrupt file is refused; 0.3 ms for a 600×200 signature of
 * 60 KB, 2 ms at the largest allowed, so no image queue and no refusal under load), and refused when it holds no
 * stroke at all (fully transparent, or one colour). Kept without its metadata chunks. Refused with `refusal` (a notice's code unless another feature's
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
  let decoded;
  try {
    decoded = decodePng(png, maxW * maxH);
  } catch (e) {
    if (!(e instanceof PngDecodeError)) throw e;
    throw invalid(e.reason === 'unsupported' ? '签名图片格式不受支持，请重新签名' : '签名图片已损坏，请重新签名');
  }
  if (isBlank(decoded)) throw invalid('签名为空，请在签名框内签字');
  return { width, height, png: decoded.stripped, sha256: createHash('sha256').update(decoded.stripped).digest('hex') };
}
