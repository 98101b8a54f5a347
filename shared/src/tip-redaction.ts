import type { TextSpan } from './api/tip-notes';

/** What a masked span reads as, everywhere but the designated contact's 查看原文. */
export const REDACTED_MARK = '【已隐去】';

/**
 * Spans put in order, clamped to the text, and overlapping or touching ones joined; empty spans dropped. The server
 * stores spans in this form and the app previews with it, so both see the same masked text.
 */
export function normalizeSpans(spans: readonly TextSpan[], length: number): TextSpan[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, Math.min(length, Math.floor(s.start))), end: Math.max(0, Math.min(length, Math.floor(s.end))) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** The text with every span replaced by REDACTED_MARK. */
export function applyMasks(text: string, spans: readonly TextSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of normalizeSpans(spans, text.length)) {
    out += text.slice(at, s.start) + REDACTED_MARK;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Every occurrence of `phrase` in `text` as spans (the contact's 按文字隐去). */
export function spansOf(text: string, phrase: string): TextSpan[] {
  const out: TextSpan[] = [];
  if (!phrase) return out;
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + phrase.length)) out.push({ start: i, end: i + phrase.length });
  return out;
}
