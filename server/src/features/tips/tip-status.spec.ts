import { DECIDED, INVESTIGATION_OPEN, TIP_STATUS_LABELS, TIP_STATUS_TRANSITIONS, TipStatus } from '@anxin/shared';

/** The case state machine: 新提交 → 已受理 → 调查中 → 已认定欺凌 / 不构成欺凌 / 恶意/虚假举报 → 已结案. */
describe('tip status transitions', () => {
  const all = Object.values(TipStatus);

  it('has a Chinese label for every status', () => {
    expect(all.map((s) => TIP_STATUS_LABELS[s])).toEqual(['新提交', '已受理', '调查中', '已认定欺凌', '不构成欺凌', '恶意/虚假举报', '已结案']);
  });

  it('leaves "new" only by acknowledging (POST /ack), and closes only after a finding', () => {
    expect(TIP_STATUS_TRANSITIONS.new).toEqual([]);
    expect(TIP_STATUS_TRANSITIONS.acknowledged).toEqual(['investigating']);
    expect(TIP_STATUS_TRANSITIONS.investigating.sort()).toEqual([...DECIDED].sort());
    const intoClosed = all.filter((s) => TIP_STATUS_TRANSITIONS[s].includes('closed'));
    expect(intoClosed.sort()).toEqual([...DECIDED].sort());
    expect(TIP_STATUS_TRANSITIONS.closed).toEqual([]);
  });

  it('PATCH never goes back: every status is reachable from "new" by one path forward only (reopening is its own route)', () => {
    const depth: Partial<Record<TipStatus, number>> = { new: 0, acknowledged: 1 };
    const queue: TipStatus[] = ['acknowledged'];
    while (queue.length) {
      const s = queue.shift()!;
      for (const n of TIP_STATUS_TRANSITIONS[s]) {
        expect(depth[n] === undefined || depth[n] === depth[s]! + 1).toBe(true);
        if (depth[n] === undefined) {
          depth[n] = depth[s]! + 1;
          queue.push(n);
        }
      }
    }
    expect(Object.keys(depth).sort()).toEqual([...all].sort());
    expect(INVESTIGATION_OPEN).toEqual(['acknowledged', 'investigating']);
  });
});
