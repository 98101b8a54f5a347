import type { TipEscalationLevel, TipStatus, TipTimelineEvent } from '@anxin/shared';
import { auditActionLabel, TIP_LIMITS, TIP_STATUS_LABELS } from '@anxin/shared';

export const ESCALATION_LABELS: Record<TipEscalationLevel, string> = {
  none: '未升级',
  principal: '已升级至校长',
  district: '已升级至教育局',
};

/** One line of the case history, in Chinese. */
export function timelineText(e: TipTimelineEvent): string {
  const label = auditActionLabel(e.action);
  const d = e.details ?? {};
  if (e.action === 'tip.status_changed' && typeof d.from === 'string' && typeof d.to === 'string') {
    return `${label}：${TIP_STATUS_LABELS[d.from as TipStatus] ?? d.from} → ${TIP_STATUS_LABELS[d.to as TipStatus] ?? d.to}`;
  }
  if (e.action === 'tip.escalated' && typeof d.level === 'string') {
    return `${label}：${ESCALATION_LABELS[d.level as TipEscalationLevel] ?? d.level}`;
  }
  if (e.action === 'tip.acknowledged' && d.late === true) return `${label}（超过受理期限）`;
  return label;
}

/** The labels input: room for every label with a separator and a space after each. */
export const LABELS_INPUT_MAX = TIP_LIMITS.labelsMax * (TIP_LIMITS.labelMax + 2);

/** Labels typed as "校园外, 需家访" → ["校园外", "需家访"] (each at most TIP_LIMITS.labelMax characters, at most TIP_LIMITS.labelsMax, no repeats). */
export function parseLabels(input: string): { labels: string[]; error: string | null } {
  const labels = [...new Set(input.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean))];
  if (labels.length > TIP_LIMITS.labelsMax) return { labels, error: `最多 ${TIP_LIMITS.labelsMax} 个标签` };
  if (labels.some((l) => [...l].length > TIP_LIMITS.labelMax)) return { labels, error: `每个标签最多 ${TIP_LIMITS.labelMax} 字` };
  return { labels, error: null };
}
