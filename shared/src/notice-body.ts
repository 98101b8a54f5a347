/**
 * The body of a letter home, notice or warning: a small structured document stored as JSON, never HTML. The server
 * validates every body with `validateNoticeBody` before storing it, and the app renders (and later edits) the same
 * shape natively on weapp and h5, so what an author can write is decided here, once.
 *
 *   { "version": 1, "blocks": [
 *       { "type": "heading", "text": "致家长的一封信" },
 *       { "type": "paragraph", "spans": [{ "text": "请" }, { "text": "务必", "bold": true }, { "text": "阅读。" }] },
 *       { "type": "bulleted", "items": [[{ "text": "留意孩子情绪" }], [{ "text": "倾诉信箱", "link": "pages/tips/index" }]] },
 *       { "type": "numbered", "items": [[{ "text": "第一步" }], [{ "text": "第二步" }]] },
 *       { "type": "image", "attachmentId": "…", "caption": "家长会座位图" } ] }
 *
 * An image block names a picture attached to the same notice (POST /notices/{id}/attachments) by its id; whether that
 * attachment exists, belongs to the notice and is a picture is the server's check (it needs the database). A block of
 * any other type is refused.
 */
import { NOTICE_ATTACHMENT_LIMITS } from './limits';


/** Pages of the app a notice may link to (the app opens them in place), with the label the editor shows. */
export const NOTICE_LINK_PAGES = {
  'pages/index/index': '首页',
  'pages/tips/index': '倾诉信箱',
  'pages/bind/index': '绑定孩子',
  'pages/inbox/index': '消息',
  'pages/privacy/index': '隐私说明',
} as const;
export type NoticeLinkPage = keyof typeof NOTICE_LINK_PAGES;

/** A run of text: plain, bold, or a link to a page of the app. */
export interface NoticeSpan {
  text: string;
  bold?: boolean;
  link?: NoticeLinkPage;
}

export type NoticeBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; spans: NoticeSpan[] }
  | { type: 'bulleted'; items: NoticeSpan[][] }
  | { type: 'numbered'; items: NoticeSpan[][] }
  /** A picture attached to the same notice, with an optional caption shown under it. */
  | { type: 'image'; attachmentId: string; caption?: string };
export type NoticeBlockType = NoticeBlock['type'];
export const NOTICE_BLOCK_TYPES: readonly NoticeBlockType[] = ['heading', 'paragraph', 'bulleted', 'numbered', 'image'];
export type NoticeImageBlock = Extract<NoticeBlock, { type: 'image' }>;

export const NOTICE_BODY_VERSION = 1;

export interface NoticeBody {
  version: typeof NOTICE_BODY_VERSION;
  blocks: NoticeBlock[];
}

/** How large a body may be. Lengths are counted in UTF-16 code units, as JavaScript and class-validator count them. */
export const NOTICE_BODY_LIMITS = {
  blocksMax: 200,
  /** Items of one list. */
  listItemsMax: 50,
  /** Spans of one paragraph or one list item. */
  spansMax: 100,
  headingMax: 60,
  spanMax: 2000,
  /** All the text of the body together. */
  textMax: 10_000,
  /** The caption under a picture. */
  captionMax: 200,
  /** Picture blocks in one body (each names one of the notice's attachments). */
  imagesMax: NOTICE_ATTACHMENT_LIMITS.perNoticeMax,
  /** Problems reported for one body (the rest are not listed). */
  problemsMax: 20,
} as const;

const KEYS: Record<NoticeBlockType, readonly string[]> = {
  heading: ['type', 'text'],
  paragraph: ['type', 'spans'],
  bulleted: ['type', 'items'],
  numbered: ['type', 'items'],
  image: ['type', 'attachmentId', 'caption'],
};
const SPAN_KEYS = ['text', 'bold', 'link'];
/** An attachment id as the server makes them (a UUID). */
const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Control characters other than the line break: they have no place in a letter and can hide text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What is wrong with `value` as a notice body, as Chinese sentences that name the place (`第 2 段`); empty when it is a
 * valid body. At most NOTICE_BODY_LIMITS.problemsMax problems are listed.
 */
export function validateNoticeBody(value: unknown): string[] {
  const problems: string[] = [];
  const add = (p: string) => {
    if (problems.length < NOTICE_BODY_LIMITS.problemsMax) problems.push(p);
  };
  if (!isRecord(value)) return ['正文格式不正确'];
  const extra = Object.keys(value).filter((k) => k !== 'version' && k !== 'blocks');
  if (extra.length) add(`正文含有不支持的字段：${extra.join('、')}`);
  if (value.version !== NOTICE_BODY_VERSION) add(`正文版本应为 ${NOTICE_BODY_VERSION}`);
  const blocks = value.blocks;
  if (!Array.isArray(blocks)) return [...problems, '正文缺少段落列表（blocks）'].slice(0, NOTICE_BODY_LIMITS.problemsMax);
  if (blocks.length === 0) add('正文不能为空');
  if (blocks.length > NOTICE_BODY_LIMITS.blocksMax) return [...problems, `正文最多 ${NOTICE_BODY_LIMITS.blocksMax} 段`].slice(0, NOTICE_BODY_LIMITS.problemsMax);
  let total = 0;
  let images = 0;
  const text = (v: unknown, where: string, max: number, allowBreaks: boolean): void => {
    if (typeof v !== 'string') return add(`${where}的文字格式不正确`);
    if (v.trim().length === 0) return add(`${where}的文字不能为空`);
    if (v.length > max) add(`${where}超过 ${max} 字`);
    if (CONTROL.test(v) || (!allowBreaks && v.includes('\n'))) add(`${where}含有不允许的控制字符`);
    total += v.length;
  };
  const spans = (v: unknown, where: string): void => {
    if (!Array.isArray(v) || v.length === 0) return add(`${where}不能为空`);
    if (v.length > NOTICE_BODY_LIMITS.spansMax) return add(`${where}最多 ${NOTICE_BODY_LIMITS.spansMax} 个文字片段`);
    v.forEach((span, i) => {
      const at = v.length > 1 ? `${where}第 ${i + 1} 个片段` : where;
      if (!isRecord(span)) return add(`${at}格式不正确`);
      const unknown = Object.keys(span).filter((k) => !SPAN_KEYS.includes(k));
      if (unknown.length) add(`${at}含有不支持的字段：${unknown.join('、')}`);
      text(span.text, at, NOTICE_BODY_LIMITS.spanMax, true);
      if (span.bold !== undefined && typeof span.bold !== 'boolean') add(`${at}的加粗设置不正确`);
      if (span.link !== undefined && !(typeof span.link === 'string' && Object.prototype.hasOwnProperty.call(NOTICE_LINK_PAGES, span.link))) {
        add(`${at}的链接只能指向本小程序的页面：${Object.values(NOTICE_LINK_PAGES).join('、')}`);
      }
    });
  };
  blocks.forEach((block, i) => {
    const where = `第 ${i + 1} 段`;
    if (!isRecord(block)) return add(`${where}格式不正确`);
    const type = block.type;
    if (typeof type !== 'string' || !(NOTICE_BLOCK_TYPES as readonly string[]).includes(type)) return add(`${where}的类型不受支持`);
    const allowed = KEYS[type as NoticeBlockType];
    const unknown = Object.keys(block).filter((k) => !allowed.includes(k));
    if (unknown.length) add(`${where}含有不支持的字段：${unknown.join('、')}`);
    if (type === 'heading') return text(block.text, `${where}（小标题）`, NOTICE_BODY_LIMITS.headingMax, false);
    if (type === 'paragraph') return spans(block.spans, where);
    if (type === 'image') {
      if (++images === NOTICE_BODY_LIMITS.imagesMax + 1) add(`正文最多插入 ${NOTICE_BODY_LIMITS.imagesMax} 张图片`);
      if (typeof block.attachmentId !== 'string' || !ATTACHMENT_ID.test(block.attachmentId)) add(`${where}（图片）没有指明是哪张图片`);
      if (block.caption !== undefined) text(block.caption, `${where}（图片说明）`, NOTICE_BODY_LIMITS.captionMax, false);
      return;
    }
    const items = block.items;
    if (!Array.isArray(items) || items.length === 0) return add(`${where}（列表）不能为空`);
    if (items.length > NOTICE_BODY_LIMITS.listItemsMax) return add(`${where}（列表）最多 ${NOTICE_BODY_LIMITS.listItemsMax} 项`);
    items.forEach((item, j) => spans(item, `${where}第 ${j + 1} 项`));
  });
  if (total > NOTICE_BODY_LIMITS.textMax) add(`正文总字数超过 ${NOTICE_BODY_LIMITS.textMax} 字`);
  return problems;
}

export function isNoticeBody(value: unknown): value is NoticeBody {
  return validateNoticeBody(value).length === 0;
}

const spansText = (spans: NoticeSpan[]) => spans.map((s) => s.text).join('');

/**
 * The body as plain text, one line per heading, paragraph, list item (`1. …` / `• …`) and picture caption: what the
 * content check reads, and what a message summary is cut from.
 */
export function noticeBodyText(body: NoticeBody): string {
  const lines: string[] = [];
  for (const b of body.blocks) {
    if (b.type === 'heading') lines.push(b.text);
    else if (b.type === 'paragraph') lines.push(spansText(b.spans));
    else if (b.type === 'image') {
      if (b.caption) lines.push(b.caption);
    } else b.items.forEach((item, i) => lines.push(`${b.type === 'numbered' ? `${i + 1}. ` : '• '}${spansText(item)}`));
  }
  return lines.join('\n');
}

/** The attachment ids the body's picture blocks name, each once, in the order they first appear. */
export function noticeBodyImageIds(body: NoticeBody): string[] {
  return [...new Set(body.blocks.flatMap((b) => (b.type === 'image' ? [b.attachmentId] : [])))];
}

/**
 * JSON with object keys sorted at every level and no spaces, so one document has one text whatever order its keys
 * were written in: the input of a notice's content hash. Keys whose value is undefined are left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}
