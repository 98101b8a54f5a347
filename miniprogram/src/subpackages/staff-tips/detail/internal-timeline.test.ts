import { describe, expect, it } from '@jest/globals';
import { auditActionLabel } from '@anxin/shared';
import { groupTimeline } from './timeline-groups';

const e = (at: string, action: string, actor: string | null) => ({ at: `2026-11-29T0${at}:00.000Z`, action, actor, details: {} });

describe('case history: reads of the notes and of the original are reads too', () => {
  it('repeated reads of the notes and of the original group per person; saving masks and adding notes never do', () => {
    const rows = groupTimeline([
      e('4:00', 'tip.notes_viewed', '张静'), e('4:10', 'tip.notes_viewed', '张静'),
      e('4:20', 'tip.note_added', '张静'), e('4:30', 'tip.note_added', '张静'),
      e('4:40', 'tip.original_viewed', '张静'), e('4:50', 'tip.original_viewed', '张静'),
      e('5:00', 'tip.redaction_saved', '张静'),
    ]);
    expect(rows.map((r) => (r.kind === 'views' ? `${r.action}×${r.count}` : r.event.action))).toEqual([
      'tip.notes_viewed×2', 'tip.note_added', 'tip.note_added', 'tip.original_viewed×2', 'tip.redaction_saved',
    ]);
    expect(['tip.notes_viewed', 'tip.original_viewed', 'tip.redaction_saved'].map(auditActionLabel)).toEqual(['查看了内部备注', '查看了脱敏前的原文', '保存脱敏']);
  });
});
