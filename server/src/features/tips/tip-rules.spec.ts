import { ackOnTime, ackVerdict, compareByUrgency, currentDeadline, investigationVerdict, isOverdue, urgencyRank, type TipClock } from '@anxin/shared';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const t0 = new Date('2026-11-30T01:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const base: TipClock = {
  status: 'new', inDanger: false, ackDueAt: at(3 * H), acknowledgedAt: null, investigationDueAt: null, overdueAt: null, decidedAt: null, submittedAt: t0,
};

/** shared/src/tip-rules.ts: the one owner of a tip's clock, used by the server's list, counts, ledger and the app. */
describe('tip rules', () => {
  it('overdue: unacknowledged at or past the ack deadline, or undecided at or past the investigation deadline', () => {
    expect(isOverdue(base, at(2 * H))).toBe(false);
    expect(isOverdue(base, at(3 * H))).toBe(true);
    const inv = { ...base, status: 'investigating' as const, acknowledgedAt: at(H), investigationDueAt: at(15 * D) };
    expect(isOverdue(inv, at(14 * D))).toBe(false);
    expect(isOverdue(inv, at(15 * D))).toBe(true);
    expect(isOverdue({ ...inv, overdueAt: at(15 * D) }, at(14 * D))).toBe(true);
    expect(isOverdue({ ...inv, status: 'confirmed' }, at(16 * D))).toBe(false);
    expect(isOverdue({ ...inv, status: 'closed', overdueAt: at(15 * D) }, at(16 * D))).toBe(false);
    // ISO strings (the app) and Dates (the server) agree
    expect(isOverdue({ ...base, ackDueAt: at(3 * H).toISOString() }, at(3 * H))).toBe(true);
  });

  it('the running deadline: acknowledgement while new, the investigation while open, none once decided', () => {
    expect(currentDeadline(base)).toEqual({ kind: 'ack', label: '受理期限', due: base.ackDueAt });
    const inv = { ...base, status: 'acknowledged' as const, investigationDueAt: at(15 * D) };
    expect(currentDeadline(inv)).toEqual({ kind: 'investigation', label: '调查期限', due: at(15 * D) });
    expect(currentDeadline({ ...inv, status: 'not_bullying' })).toBeNull();
  });

  it('the ledger verdicts: on the deadline counts as in time, at the deadline unacknowledged is late', () => {
    expect(ackOnTime({ ackDueAt: at(3 * H), acknowledgedAt: at(3 * H) })).toBe(true);
    expect(ackOnTime({ ackDueAt: at(3 * H), acknowledgedAt: at(3 * H + 1) })).toBe(false);
    expect(ackOnTime({ ackDueAt: at(3 * H), acknowledgedAt: null })).toBeNull();
    expect(ackVerdict(base, at(3 * H))).toBe('超时未受理');
    expect(ackVerdict(base, at(3 * H - 1))).toBe('待受理');
    expect(investigationVerdict({ investigationDueAt: at(15 * D), decidedAt: null }, at(15 * D))).toBe('超时未完成');
    expect(investigationVerdict({ investigationDueAt: at(15 * D), decidedAt: at(15 * D) }, at(20 * D))).toBe('按时');
    expect(investigationVerdict({ investigationDueAt: null, decidedAt: null }, at(D))).toBe('');
  });

  it('urgency: in danger first, then overdue, then the nearest deadline, then decided, then closed; newest breaks ties', () => {
    const now = at(4 * H);
    const tip = (id: string, over: Partial<TipClock>) => ({ id, ...base, ...over });
    const tips = [
      tip('closed', { status: 'closed', inDanger: true }),
      tip('decided', { status: 'confirmed' }),
      tip('later', { status: 'investigating', investigationDueAt: at(10 * D) }),
      tip('sooner', { status: 'investigating', investigationDueAt: at(2 * D) }),
      tip('overdue', { ackDueAt: at(3 * H) }),
      tip('danger', { inDanger: true, ackDueAt: at(5 * H) }),
      tip('decided-newer', { status: 'not_bullying', submittedAt: at(H) }),
    ];
    expect([...tips].sort((a, b) => compareByUrgency(a, b, now)).map((t) => t.id))
      .toEqual(['danger', 'overdue', 'sooner', 'later', 'decided-newer', 'decided', 'closed']);
    expect(urgencyRank(tip('x', { status: 'confirmed', inDanger: true }), now)).toBe(3);
  });
});
