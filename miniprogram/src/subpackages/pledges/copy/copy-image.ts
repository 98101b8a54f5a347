import Taro from '@tarojs/taro';
import { PLEDGE_TEXT_PART_LABELS, pledgeParagraphs, type PledgeSignedCopy } from '@anxin/shared';
import { browserDownload } from '../../../api/save-file';
import { pledgeTitle } from '../pledge-labels';

/**
 * 保存图片: the signed copy drawn as one tall picture (the text, both signatures, the child, the day, the version and
 * its fingerprint), on a canvas the page never shows. The layout is worked out first as a list of things to draw
 * (`layoutCopy`, tested apart from any canvas); `renderCopy` draws it; `saveCopyImage` hands the PNG to the browser as
 * a download or, in WeChat, to the photo album.
 */

export const COPY_WIDTH = 750;
const PAD = 48;
const BODY = 28;
const LINE = 1.75;
const FONT_FAMILY = '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
const INK = '#1a1a1a';
const MUTED = '#555555';
const GREEN = '#124437';
const SIGNATURE_BOX = { width: 320, height: 128 };
/** A bitmap taller than this (CSS px × scale) is drawn at a smaller scale: phones refuse very large canvases. */
const MAX_BITMAP_SIDE = 12000;

export type Measure = (text: string, font: string) => number;

export type DrawOp =
  | { kind: 'text'; text: string; x: number; y: number; font: string; color: string; align?: 'left' | 'center' }
  | { kind: 'image'; src: string; x: number; y: number; width: number; height: number }
  | { kind: 'rule'; y: number };

export interface CopyLayout {
  width: number;
  height: number;
  ops: DrawOp[];
}

const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}`;

/** Characters a line should not start with: they stay at the end of the line before. */
const NO_LINE_START = '，。、；：？！）」』】》”’,.;:?!)';

/** `text` broken into lines no wider than `maxWidth` (character by character, as Chinese text breaks). */
export function wrapText(text: string, maxWidth: number, fontSpec: string, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of Array.from(text)) {
    if (ch === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    const next = line + ch;
    if (line && measure(next, fontSpec) > maxWidth && !NO_LINE_START.includes(ch)) {
      lines.push(line);
      line = ch;
    } else line = next;
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

/** Width and height of a PNG given as a data URL (read from its IHDR header), or null. */
export function pngSize(dataUrl: string): { width: number; height: number } | null {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1, dataUrl.indexOf(',') + 1 + 44);
  const bytes = base64Prefix(b64);
  if (bytes.length < 24 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return null;
  const u32 = (i: number) => ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
  return { width: u32(16), height: u32(20) };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function base64Prefix(b64: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 < b64.length; i += 4) {
    const n = (B64.indexOf(b64[i]) << 18) | (B64.indexOf(b64[i + 1]) << 12) | (B64.indexOf(b64[i + 2]) << 6) | B64.indexOf(b64[i + 3]);
    out.push((n >> 16) & 255, (n >> 8) & 255, n & 255);
  }
  return out;
}

/** A signature fitted into the box, keeping its shape. */
export function fitSignature(size: { width: number; height: number } | null, box = SIGNATURE_BOX): { width: number; height: number } {
  if (!size || !size.width || !size.height) return box;
  const k = Math.min(box.width / size.width, box.height / size.height, 1);
  return { width: Math.round(size.width * k), height: Math.round(size.height * k) };
}

/** Everything to draw for a signed copy, top to bottom, and the picture's height. */
export function layoutCopy(copy: PledgeSignedCopy, measure: Measure): CopyLayout {
  const ops: DrawOp[] = [];
  const inner = COPY_WIDTH - PAD * 2;
  let y = PAD;
  const lines = (text: string, size: number, opts: { bold?: boolean; color?: string; align?: 'left' | 'center'; indent?: boolean; gapAfter?: number } = {}) => {
    const f = font(size, opts.bold);
    const lineHeight = Math.round(size * LINE);
    for (const l of wrapText(opts.indent ? `\u3000\u3000${text}` : text, inner, f, measure)) {
      ops.push({ kind: 'text', text: l, x: opts.align === 'center' ? COPY_WIDTH / 2 : PAD, y, font: f, color: opts.color ?? INK, align: opts.align ?? 'left' });
      y += lineHeight;
    }
    y += opts.gapAfter ?? 0;
  };

  lines(pledgeTitle(copy.schoolYear), 40, { bold: true, align: 'center', color: GREEN, gapAfter: 4 });
  lines(copy.schoolName, BODY, { align: 'center', color: MUTED, gapAfter: 24 });
  const parts = [
    { label: PLEDGE_TEXT_PART_LABELS.school, text: copy.text.school },
    { label: PLEDGE_TEXT_PART_LABELS.guardian, text: copy.text.guardian },
    { label: PLEDGE_TEXT_PART_LABELS.student, text: copy.text.student },
  ];
  for (const p of parts) {
    lines(p.label, 32, { bold: true, color: GREEN, gapAfter: 4 });
    for (const para of pledgeParagraphs(p.text)) lines(para, BODY, { indent: true, gapAfter: 8 });
    y += 12;
  }

  ops.push({ kind: 'rule', y });
  y += 32;
  const signature = (label: string, src: string) => {
    lines(label, BODY, { bold: true, gapAfter: 4 });
    const size = fitSignature(pngSize(src));
    ops.push({ kind: 'image', src, x: PAD, y, width: size.width, height: size.height });
    y += size.height + 20;
  };
  signature(`家长（${copy.relationLabel}）签名：`, copy.guardianSignature);
  if (copy.studentSignature) signature('学生签名：', copy.studentSignature);
  lines(`学生：${copy.student.name}（${copy.student.className}）`, BODY);
  lines(`签署日期：${copy.signedOn}`, BODY);
  lines(`承诺书版本：第 ${copy.versionNumber} 版${copy.superseded ? '（学校已发布更新的版本）' : ''}`, BODY);
  lines('文本指纹（SHA-256）：', BODY);
  lines(copy.textHash.match(/.{1,8}/g)?.join(' ') ?? copy.textHash, 24, { color: MUTED });
  y += PAD;
  return { width: COPY_WIDTH, height: Math.ceil(y), ops };
}

interface Ctx {
  font: string;
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  textAlign: string;
  textBaseline: string;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(t: string, x: number, y: number): void;
  measureText(t: string): { width: number };
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  drawImage(img: unknown, x: number, y: number, w: number, h: number): void;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): Ctx;
  toDataURL(type?: string): string;
  createImage?: () => ImageLike;
}
interface ImageLike {
  src: string;
  onload: (() => void) | null;
  onerror: ((e: unknown) => void) | null;
}

function makeCanvas(width: number, height: number): CanvasLike {
  if (process.env.TARO_ENV === 'weapp') {
    return (Taro as unknown as { createOffscreenCanvas: (o: object) => CanvasLike }).createOffscreenCanvas({ type: '2d', width, height });
  }
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c as unknown as CanvasLike;
}

function loadImage(canvas: CanvasLike, src: string): Promise<ImageLike> {
  return new Promise((resolve, reject) => {
    const img: ImageLike = canvas.createImage ? canvas.createImage() : (new Image() as unknown as ImageLike);
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('签名图片无法读取'));
    img.src = src;
  });
}

/** Draws the signed copy; the PNG as a data URL. */
export async function renderCopy(copy: PledgeSignedCopy): Promise<string> {
  const probe = makeCanvas(COPY_WIDTH, 16).getContext('2d');
  const measure: Measure = (text, f) => {
    probe.font = f;
    return probe.measureText(text).width;
  };
  const layout = layoutCopy(copy, measure);
  const scale = Math.min(2, MAX_BITMAP_SIDE / layout.height);
  const canvas = makeCanvas(Math.round(layout.width * scale), Math.round(layout.height * scale));
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.textBaseline = 'top';
  for (const op of layout.ops) {
    if (op.kind === 'text') {
      ctx.font = op.font;
      ctx.fillStyle = op.color;
      ctx.textAlign = op.align ?? 'left';
      ctx.fillText(op.text, op.x, op.y);
    } else if (op.kind === 'rule') {
      ctx.strokeStyle = '#c8cdcb';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(PAD, op.y);
      ctx.lineTo(layout.width - PAD, op.y);
      ctx.stroke();
    } else {
      ctx.drawImage(await loadImage(canvas, op.src), op.x, op.y, op.width, op.height);
    }
  }
  return canvas.toDataURL('image/png');
}

/**
 * 保存图片: the browser downloads the PNG as `fileName`; WeChat writes it to a file and saves it to the photo album
 * (asking the user once; when they said no before, the settings page opens where they allow it).
 */
export async function saveCopyImage(copy: PledgeSignedCopy, fileName: string): Promise<void> {
  const dataUrl = await renderCopy(copy);
  if (process.env.TARO_ENV !== 'weapp') {
    browserDownload(dataUrl, fileName);
    return;
  }
  const fs = Taro.getFileSystemManager();
  const path = `${(Taro as unknown as { env: { USER_DATA_PATH: string } }).env.USER_DATA_PATH}/${fileName}`;
  fs.writeFileSync(path, dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  try {
    await Taro.saveImageToPhotosAlbum({ filePath: path });
  } catch (e) {
    const msg = (e as { errMsg?: string })?.errMsg ?? '';
    if (/auth|deny|denied/i.test(msg)) {
      const r = await Taro.showModal({ title: '需要您的允许', content: '保存图片需要允许「添加到相册」，请在设置中打开后再试。', confirmText: '去设置' });
      if (r.confirm) await Taro.openSetting();
      throw new Error('没有保存：未允许添加到相册');
    }
    throw new Error('图片没有保存，请稍后再试');
  }
}
