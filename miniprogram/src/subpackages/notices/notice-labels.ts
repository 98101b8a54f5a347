import { NOTICE_KIND_LABELS, type GuardianNoticeChild, type GuardianNoticeListItem, type NoticeConfirmMode, type NoticeKind } from '@anxin/shared';

/** What a guardian still has to do with a notice, or what became of it, as the list and the notice page say it. */
export function guardianState(
  n: Pick<GuardianNoticeListItem, 'status' | 'read' | 'acknowledged' | 'confirmMode'> & Partial<Pick<GuardianNoticeListItem, 'corrected'>>,
): { text: string; tone: 'todo' | 'done' | 'off' } {
  if (n.status === 'recalled') return { text: '已撤回', tone: 'off' };
  // Replaced by a correction: what is asked is asked there.
  if (n.corrected) return { text: '已更正', tone: 'off' };
  if (n.acknowledged) return { text: '已完成', tone: 'done' };
  if (n.status === 'closed') return { text: '已截止', tone: 'off' };
  if (n.confirmMode === 'sign') return { text: '待签字', tone: 'todo' };
  if (n.confirmMode === 'confirm') return { text: '待确认', tone: 'todo' };
  return { text: n.read ? '待回复' : '未读', tone: 'todo' };
}

export const kindLabel = (kind: NoticeKind) => NOTICE_KIND_LABELS[kind];

/** `王小明（三年级1班）、王小红（一年级2班）` */
export function childrenText(children: GuardianNoticeChild[]): string {
  return children.map((c) => `${c.name}（${c.className}）`).join('、');
}

/** What the button does, as the guardian reads it. */
export function ackButtonText(mode: NoticeConfirmMode, answering: boolean): string {
  if (mode === 'sign') return answering ? '提交回执并签字' : '提交签字';
  if (mode === 'confirm') return answering ? '提交回执并确认收到' : '确认收到';
  return '提交回执';
}
