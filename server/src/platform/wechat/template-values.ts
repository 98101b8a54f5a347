import { formatChineseDate, formatChineseDateTime } from '@anxin/shared';

/**
 * WeChat subscribe-message value rules, applied before sending so WeChat never rejects a
 * message for its content: long text is shortened with an ellipsis, times are formatted in Asia/Shanghai
 * (shared/src/time.ts), and a value that cannot be made valid (a phrase with no Chinese characters, a number
 * with no digits) raises TemplateValueError instead of an avoidable 47003.
 */
export type ValueKind =
  | 'thing' | 'number' | 'letter' | 'symbol' | 'character_string' | 'time' | 'date' | 'amount'
  | 'phone_number' | 'car_number' | 'name' | 'phrase';

const KINDS: ValueKind[] = ['character_string', 'phone_number', 'car_number', 'thing', 'number', 'letter', 'symbol', 'time', 'date', 'amount', 'name', 'phrase'];

export class TemplateValueError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`data.${key}.value invalid: ${problem}`);
  }
}

/** 'thing12' → 'thing', 'character_string3' → 'character_string'; null for an unknown prefix. */
export function kindOfKey(key: string): ValueKind | null {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  if (!m) return null;
  return KINDS.includes(m[1] as ValueKind) ? (m[1] as ValueKind) : null;
}

/**
 * Shortens to at most `max` UTF-16 units (WeChat's count) without splitting a character; when shortened,
 * the last character becomes `ellipsis`.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > room) break;
    out += ch;
  }
  return out + ellipsis;
}

const TIME_RE = /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}(~(\d{4}年\d{1,2}月\d{1,2}日 )?\d{2}:\d{2})?$/;
const DATE_RE = /^\d{4}年\d{1,2}月\d{1,2}日(~\d{4}年\d{1,2}月\d{1,2}日)?$/;

function toDate(key: string, value: string | Date): Date {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new TemplateValueError(key, 'not a time');
  return d;
}

/** One value made valid for its key's kind. */
export function shapeValue(key: string, value: string | Date | number): string {
  const kind = kindOfKey(key);
  if (!kind) throw new TemplateValueError(key, 'unknown key kind');
  const text = value instanceof Date ? '' : String(value).replace(/\s+/g, ' ').trim();
  switch (kind) {
    case 'thing':
      return truncate(text || '无', 20);
    case 'number': {
      const m = /-?\d+(\.\d+)?/.exec(text);
      if (!m) throw new TemplateValueError(key, 'no digits');
      return m[0].slice(0, 32);
    }
    case 'letter': {
      const letters = text.replace(/[^A-Za-z]/g, '');
      if (!letters) throw new TemplateValueError(key, 'no letters');
      return letters.slice(0, 32);
    }
    case 'symbol': {
      if (!text) throw new TemplateValueError(key, 'empty');
      return [...text].slice(0, 5).join('');
    }
    case 'character_string': {
      const chars = text.replace(/[^\x21-\x7e]/g, '');
      if (!chars) throw new TemplateValueError(key, 'no digits, letters or symbols');
      return chars.slice(0, 32);
    }
    case 'time':
      if (typeof value === 'string' && TIME_RE.test(text)) return text;
      return formatChineseDateTime(toDate(key, value as string | Date));
    case 'date':
      if (typeof value === 'string' && DATE_RE.test(text)) return text;
      return formatChineseDate(toDate(key, value as string | Date));
    case 'amount': {
      if (!/^[¥$￥]?\d{1,10}(\.\d{1,2})?元?$/.test(text)) throw new TemplateValueError(key, 'not an amount');
      return text;
    }
    case 'phone_number': {
      const phone = text.replace(/[^0-9+-]/g, '');
      if (!phone) throw new TemplateValueError(key, 'no digits');
      return phone.slice(0, 17);
    }
    case 'car_number':
      if (!text) throw new TemplateValueError(key, 'empty');
      return [...text].slice(0, 8).join('');
    case 'name': {
      if (!text) throw new TemplateValueError(key, 'empty');
      if (/^[A-Za-z ]+$/.test(text)) return text.slice(0, 20).trim();
      return [...text].slice(0, 10).join('');
    }
    case 'phrase': {
      const han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch));
      if (han.length === 0) throw new TemplateValueError(key, 'needs Chinese characters');
      return han.slice(0, 5).join('');
    }
  }
}

/** `{thing1: '…'}` → `{thing1: {value: '…'}}`, every value shaped. */
export function shapeTemplateData(values: Record<string, string | Date | number>): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, v] of Object.entries(values)) out[key] = { value: shapeValue(key, v) };
  return out;
}

/** Cuts UTF-8 text to at most `maxBytes` bytes without splitting a character (WeCom limits are in bytes). */
export function truncateBytes(text: string, maxBytes: number, ellipsis = '…'): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength(ellipsis);
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > room) break;
    out += ch;
    bytes += b;
  }
  return out + ellipsis;
}
