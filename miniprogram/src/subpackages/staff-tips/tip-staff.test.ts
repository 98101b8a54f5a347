import { describe, expect, it } from '@jest/globals';
import { parseLabels, timelineText } from './tip-staff';

describe('history and labels', () => {
  it('timeline lines in Chinese', () => {
    expect(timelineText({ at: '', action: 'tip.status_changed', actor: '张静', details: { from: 'acknowledged', to: 'investigating' } })).toBe('状态变更：已受理 → 调查中');
    expect(timelineText({ at: '', action: 'tip.escalated', actor: '系统', details: { level: 'principal' } })).toBe('超时升级：已升级至校长');
    expect(timelineText({ at: '', action: 'tip.acknowledged', actor: '张静', details: { late: true } })).toBe('受理（超过受理期限）');
    expect(timelineText({ at: '', action: 'tip.viewed', actor: '张静', details: {} })).toBe('查看了举报内容');
    expect(timelineText({ at: '', action: 'tip.evidence_viewed', actor: '张静', details: {} })).toBe('查看了原始照片（含拍摄信息）');
    expect(timelineText({ at: '', action: 'tip.something_new', actor: null, details: {} })).toBe('tip.something_new');
  });

  it('labels typed with any separator; limits', () => {
    expect(parseLabels('需家访，校外、 需家访 ; 群聊')).toEqual({ labels: ['需家访', '校外', '群聊'], error: null });
    expect(parseLabels('').labels).toEqual([]);
    expect(parseLabels(Array.from({ length: 11 }, (_, i) => `l${i}`).join(',')).error).toBe('最多 10 个标签');
    expect(parseLabels('一'.repeat(21)).error).toBe('每个标签最多 20 字');
  });
});
