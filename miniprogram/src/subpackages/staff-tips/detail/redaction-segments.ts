import { normalizeSpans, type TextSpan, type TipSpanCandidate } from '@anxin/shared';

/** A piece of a text on the 脱敏 screen: plain, or a span the contact can tap to hide or show. */
export interface Segment {
  text: string;
  span: TextSpan | null;
  masked: boolean;
}

/**
 * The text cut at every proposed or chosen span (overlapping ones joined into one tappable unit); a unit is masked
 * when any chosen mask touches it.
 */
export function segments(text: string, candidates: readonly TipSpanCandidate[], masks: readonly TextSpan[]): Segment[] {
  const units = normalizeSpans([...candidates, ...masks], text.length);
  const out: Segment[] = [];
  let at = 0;
  for (const u of units) {
    if (u.start > at) out.push({ text: text.slice(at, u.start), span: null, masked: false });
    out.push({ text: text.slice(u.start, u.end), span: u, masked: masks.some((m) => m.start < u.end && u.start < m.end) });
    at = u.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), span: null, masked: false });
  return out;
}

/** Tapping a unit: a masked one is shown again (every mask touching it dropped), a shown one is hidden. */
export function toggle(masks: readonly TextSpan[], unit: TextSpan): TextSpan[] {
  const touching = (m: TextSpan) => m.start < unit.end && unit.start < m.end;
  return masks.some(touching) ? masks.filter((m) => !touching(m)) : normalizeSpans([...masks, unit], Number.MAX_SAFE_INTEGER);
}
