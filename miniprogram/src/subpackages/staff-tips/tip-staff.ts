import type { TipEscalationLevel, TipListItem, TipStatus, TipTimelineEvent } from '@anxin/shared';
import { TIP_STATUS_LABELS } from '@anxin/shared';

const MINUTE = 60_000;

/** "2 天 3 小时" / "2 小时 15 分" / "15 分" for a positive duration. */
export function duration(ms: number): string {
  const mins = Math.max(1, Math.ceil(ms / MINUTE));
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (d > 0) return h > 0 ? `${d} 天 ${h} 小时` : `${d} 天`;
  if (h > 0) return m > 0 ? `${h} 小时 ${m} 分` : `${h} 小时`;
  return `${m} 分`;
}

/** A deadline as the inbox shows it: time left, or how late it is. */
export function countdown(dueIso: string | null, now: Date): { text: string; late: boolean } | null {
  if (!dueIso) return null;
  const due = new Date(dueIso).getTime();
  if (Number.isNaN(due)) return null;
  const left = due - now.getTime();
  return left > 0 ? { text: `还剩 ${duration(left)}`, late: false } : { text: `已超时 ${duration(-left)}`, late: true };
}

/** The deadline that matters now: acknowledgement while new, the investigation while open, none after. */
export function currentDeadline(t: Pick<TipListItem, 'status' | 'ackDueAt' | 'investigationDueAt'>): { label: string; due: string } | null {
  if (t.status === 'new') return { label: '受理期限', due: t.ackDueAt };
  if ((t.status === 'acknowledged' || t.status === 'investigating') && t.investigationDueAt) return { label: '调查期限', due: t.investigationDueAt };
  return null;
}

export const ESCALATION_LABELS: Record<TipEscalationLevel, string> = {
  none: '未升级',
  principal: '已升级至校长',
  district: '已升级至教育局',
};

const ACTION_LABELS: Record<string, string> = {
  'tip.received': '收到举报',
  'tip.viewed': '查看了举报内容',
  'tip.attachment_viewed': '查看了照片',
  'tip.acknowledged': '受理',
  'tip.escalated': '超时升级',
  'tip.status_changed': '状态变更',
  'tip.closed': '结案',
  'tip.assigned': '转交经办人',
  'tip.updated': '更新了案件信息',
  'tip.message_sent': '回复举报人',
  'tip.reporter_message': '举报人留言',
  'tip.reported_onward': '续报教育部门',
  'tip.reminder_sent': '调查期限提醒',
  'tip.overdue': '调查超期',
  'tip.content_checked': '内容安全检查',
  'tip.ledger_exported': '导出台账',
};

/** One line of the case history, in Chinese. */
export function timelineText(e: TipTimelineEvent): string {
  const label = ACTION_LABELS[e.action] ?? e.action;
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

/** Labels typed as "校园外, 需家访" → ["校园外", "需家访"] (each 1–20 characters, at most 10, no repeats). */
export function parseLabels(input: string): { labels: string[]; error: string | null } {
  const labels = [...new Set(input.split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean))];
  if (labels.length > 10) return { labels, error: '最多 10 个标签' };
  if (labels.some((l) => [...l].length > 20)) return { labels, error: '每个标签最多 20 字' };
  return { labels, error: null };
}
