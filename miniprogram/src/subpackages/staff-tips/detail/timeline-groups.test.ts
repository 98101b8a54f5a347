import { describe, expect, it } from '@jest/globals';
import { groupTimeline } from './timeline-groups';

const e = (at: string, action: string, actor: string | null) => ({ at: `2026-11-29T0${at}:00.000Z`, action, actor, details: {} });

describe('case history: repeated reads are grouped', () => {
  it('a run of reads becomes one line per person and kind, in the order of their latest read', () => {
    const rows = groupTimeline([
      e('4:00', 'tip.received', null),
      e('4:10', 'tip.viewed', '张静'), e('4:20', 'tip.attachment_viewed', '张静'), e('4:30', 'tip.viewed', '李校长'), e('4:40', 'tip.viewed', '张静'),
      e('5:00', 'tip.acknowledged', '张静'),
      e('5:10', 'tip.viewed', '张静'), e('5:20', 'tip.viewed', '张静'),
    ]);
    expect(rows).toEqual([
      { kind: 'event', event: e('4:00', 'tip.received', null) },
      { kind: 'event', event: e('4:20', 'tip.attachment_viewed', '张静') },
      { kind: 'event', event: e('4:30', 'tip.viewed', '李校长') },
      { kind: 'views', action: 'tip.viewed', actor: '张静', count: 2, last: '2026-11-29T04:40:00.000Z' },
      { kind: 'event', event: e('5:00', 'tip.acknowledged', '张静') },
      { kind: 'views', action: 'tip.viewed', actor: '张静', count: 2, last: '2026-11-29T05:20:00.000Z' },
    ]);
  });

  it('changes to the case are never grouped, even repeated ones', () => {
    const rows = groupTimeline([e('4:00', 'tip.updated', '张静'), e('4:10', 'tip.updated', '张静')]);
    expect(rows.map((r) => r.kind)).toEqual(['event', 'event']);
  });
});
