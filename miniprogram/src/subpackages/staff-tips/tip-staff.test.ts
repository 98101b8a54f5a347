import { describe, expect, it } from '@jest/globals';
import { countdown, currentDeadline, duration, parseLabels, timelineText } from './tip-staff';

const now = new Date('2026-11-29T04:00:00.000Z');

describe('deadlines', () => {
  it('duration in days, hours and minutes', () => {
    expect(duration(30 * 60_000)).toBe('30 分');
    expect(duration(20_000)).toBe('1 分');
    expect(duration(135 * 60_000)).toBe('2 小时 15 分');
    expect(duration(3 * 3600_000)).toBe('3 小时');
    expect(duration((2 * 24 + 3) * 3600_000)).toBe('2 天 3 小时');
  });

  it('countdown: time left, or how late', () => {
    expect(countdown('2026-11-29T04:30:00.000Z', now)).toEqual({ text: '还剩 30 分', late: false });
    expect(countdown('2026-11-29T02:45:00.000Z', now)).toEqual({ text: '已超时 1 小时 15 分', late: true });
    expect(countdown(null, now)).toBeNull();
  });

  it('the deadline that matters: ack while new, investigation while open, none once decided', () => {
    const t = { ackDueAt: 'A', investigationDueAt: 'I' };
    expect(currentDeadline({ ...t, status: 'new' })).toEqual({ label: '受理期限', due: 'A' });
    expect(currentDeadline({ ...t, status: 'investigating' })).toEqual({ label: '调查期限', due: 'I' });
    expect(currentDeadline({ ...t, status: 'confirmed' })).toBeNull();
  });
});

describe('history and labels', () => {
  it('timeline lines in Chinese', () => {
    expect(timelineText({ at: '', action: 'tip.status_changed', actor: '张静', details: { from: 'acknowledged', to: 'investigating' } })).toBe('状态变更：已受理 → 调查中');
    expect(timelineText({ at: '', action: 'tip.escalated', actor: '系统', details: { level: 'principal' } })).toBe('超时升级：已升级至校长');
    expect(timelineText({ at: '', action: 'tip.acknowledged', actor: '张静', details: { late: true } })).toBe('受理（超过受理期限）');
    expect(timelineText({ at: '', action: 'tip.viewed', actor: '张静', details: {} })).toBe('查看了举报内容');
    expect(timelineText({ at: '', action: 'tip.something_new', actor: null, details: {} })).toBe('tip.something_new');
  });

  it('labels typed with any separator; limits', () => {
    expect(parseLabels('需家访，校外、 需家访 ; 群聊')).toEqual({ labels: ['需家访', '校外', '群聊'], error: null });
    expect(parseLabels('').labels).toEqual([]);
    expect(parseLabels(Array.from({ length: 11 }, (_, i) => `l${i}`).join(',')).error).toBe('最多 10 个标签');
    expect(parseLabels('一'.repeat(21)).error).toBe('每个标签最多 20 字');
  });
});
