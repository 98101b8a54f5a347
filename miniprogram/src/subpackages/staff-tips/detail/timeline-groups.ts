import type { TipTimelineEvent } from '@anxin/shared';

/** Reads of the case: repeated ones are shown as one line. */
export const VIEW_ACTIONS: readonly string[] = ['tip.viewed', 'tip.attachment_viewed', 'tip.evidence_viewed', 'tip.notes_viewed', 'tip.original_viewed'];

export type TimelineRow =
  | { kind: 'event'; event: TipTimelineEvent }
  /** `count` reads of one kind by one person, with no other change of the case between them. */
  | { kind: 'views'; action: string; actor: string | null; count: number; last: string };

/**
 * The case history as shown: a run of reads with nothing else between them becomes one line per person and kind of
 * read ("张老师 查看了举报内容 5 次，最近 …"), placed where the run was, ordered by each person's latest read. Every
 * other entry is a line of its own, in order.
 */
export function groupTimeline(events: TipTimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run: TipTimelineEvent[] = [];
  const flush = () => {
    const groups = new Map<string, { action: string; actor: string | null; events: TipTimelineEvent[] }>();
    for (const e of run) {
      const key = `${e.action}\u0000${e.actor ?? ''}`;
      const g = groups.get(key) ?? { action: e.action, actor: e.actor, events: [] };
      g.events.push(e);
      groups.set(key, g);
    }
    const ordered = [...groups.values()].sort((a, b) => a.events[a.events.length - 1].at.localeCompare(b.events[b.events.length - 1].at));
    for (const g of ordered) {
      rows.push(g.events.length === 1
        ? { kind: 'event', event: g.events[0] }
        : { kind: 'views', action: g.action, actor: g.actor, count: g.events.length, last: g.events[g.events.length - 1].at });
    }
    run = [];
  };
  for (const e of events) {
    if (VIEW_ACTIONS.includes(e.action)) {
      run.push(e);
    } else {
      flush();
      rows.push({ kind: 'event', event: e });
    }
  }
  flush();
  return rows;
}
