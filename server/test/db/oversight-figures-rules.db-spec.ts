import { randomBytes, randomUUID } from 'node:crypto';
import { ackMissedHours, ackOnTime, INVESTIGATION_OPEN, investigationLate, isOverdue, type TipStatus } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import {
  confirmedCounts, escalatedCases, openTally, windowTally,
} from '../../src/features/tips/tip-figures';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';

const H = 3_600_000;
const D = 24 * H;

/**
 * One owner per rule: the counts the dashboards, the supervision flags and the tip counts read (tip-figures.ts, in
 * SQL) are exactly the functions of shared/src/tip-rules.ts, on a generated matrix of tips (every status, the
 * acknowledgement in time, late, very late or missing, the investigation before, at or past its deadline, decided in
 * time or late, flagged overdue or not), in a school with the default deadlines and one whose acknowledgement deadline
 * is longer than 12 hours.
 */
describe('tip figures in SQL agree with the tip clock of tip-rules.ts (generated matrix, real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tips: TipEntity[] = [];
  let now: Date;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    now = new Date(Math.floor(Date.now() / H) * H);
    t.clock.set(now);
    // School B acknowledges within 24 hours by its own settings: a tip acknowledged after 15 hours is in time there.
    await t.ds.getRepository(SchoolEntity).update({ id: ids.b.schoolId }, { settings: { tips: { ackHours: 24 } } });
    const statuses: TipStatus[] = ['new', 'acknowledged', 'investigating', 'confirmed', 'not_bullying', 'closed'];
    const ackAfterHours = [null, 1, 5, 15, 30];
    const investigation = ['none', 'future', 'past'] as const;
    const decided = [null, 'in_time', 'late'] as const;
    let i = 0;
    for (const school of [ids.a.schoolId, ids.b.schoolId]) for (const status of statuses) for (const ackHours of ackAfterHours) for (const inv of investigation) for (const dec of decided) {
      i++;
      const submittedAt = new Date(now.getTime() - ((i * 7) % 40) * D - ((i * 5) % 24) * H);
      const ackDueAt = new Date(submittedAt.getTime() + (school === ids.b.schoolId ? 24 : 3) * H);
      const acknowledgedAt = ackHours === null ? null : new Date(submittedAt.getTime() + ackHours * H);
      const investigationDueAt = inv === 'none' ? null : inv === 'future' ? new Date(now.getTime() + 2 * D) : new Date(now.getTime() - 2 * D);
      const decidedAt = dec === null || !investigationDueAt ? null : new Date(investigationDueAt.getTime() + (dec === 'late' ? D : -D));
      tips.push(t.ds.getRepository(TipEntity).create({
        id: randomUUID(), schoolId: school, status, category: (['verbal', 'physical', 'cyber'] as const)[i % 3], source: 'anonymous', reporterRole: 'victim',
        place: null, inDanger: false, ongoing: false, contentFlag: false, contentCheck: 'pass', descriptionEnc: 'x', whenEnc: null, placeDetailEnc: null,
        peopleEnc: null, namedEnc: null, measuresEnc: null, outcomeEnc: null, reporterOutcomeEnc: null, filedByUserId: null,
        receiptIndex: randomBytes(16).toString('hex'), receiptHash: 'x', severity: null, labels: null, assigneeUserId: null,
        escalationLevel: (['none', 'principal', 'district'] as const)[i % 3], escalatedPrincipalAt: null, escalatedDistrictAt: null,
        submittedAt, ackDueAt, acknowledgedAt, acknowledgedBy: null, investigationDueAt,
        overdueAt: i % 5 === 0 && investigationDueAt ? investigationDueAt : null, decision: ['confirmed', 'not_bullying'].includes(status) || (status === 'closed' && i % 2 === 0) ? (status === 'not_bullying' ? 'not_bullying' : 'confirmed') : null,
        decidedAt, closedAt: status === 'closed' ? now : null, reopenedAt: null, reopenCount: 0, version: 1,
      }));
    }
    for (let k = 0; k < tips.length; k += 100) await t.ds.getRepository(TipEntity).insert(tips.slice(k, k + 100));
  }, 120_000);
  afterAll(() => t?.stop());

  const idsOf = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
  const count = (xs: TipEntity[], f: (x: TipEntity) => boolean) => xs.filter(f).length;

  it('the counts of a window, per school, and of the open cases now', async () => {
    const window = { from: new Date(now.getTime() - 20 * D), until: new Date(now.getTime() - 2 * D) };
    for (const w of [null, window]) {
      const rows = await windowTally(t.ds.manager, [ids.a.schoolId, ids.b.schoolId], w, ['school_id'], now);
      for (const school of [ids.a.schoolId, ids.b.schoolId]) {
        const mine = tips.filter((x) => x.schoolId === school && (!w || (x.submittedAt >= w.from && x.submittedAt < w.until)));
        const row = rows.find((r) => r.schoolId === school)!;
        expect(row).toEqual({
          schoolId: school, total: mine.length,
          escalatedToPrincipal: count(mine, (x) => x.escalationLevel !== 'none'), escalatedToDistrict: count(mine, (x) => x.escalationLevel === 'district'),
          confirmed: count(mine, (x) => x.decision === 'confirmed'), acknowledged: count(mine, (x) => !!x.acknowledgedAt),
          withinDeadline: count(mine, (x) => ackOnTime(x) === true), ackLate: count(mine, (x) => ackOnTime(x) === false),
          ackOverdue: count(mine, (x) => x.status === 'new' && isOverdue(x, now)),
          ackMissed: count(mine, (x) => ackMissedHours(x, 12, now)),
          investigationsLate: count(mine, (x) => investigationLate(x, now)), unacknowledged: count(mine, (x) => x.status === 'new'),
        });
        expect(row.investigationsLate).toBeGreaterThan(0);
        expect(row.ackLate).toBeGreaterThan(0);
        expect(row.ackMissed).toBeGreaterThan(0);
      }
    }
    // by the listed schools, and by their districts (joined through schools)
    const open = await openTally(t.ds.manager, { schoolIds: [ids.a.schoolId, ids.b.schoolId] }, now);
    const byDistrict = new Map([...await openTally(t.ds.manager, { districtId: ids.a.districtId }, now), ...await openTally(t.ds.manager, { districtId: ids.b.districtId }, now)]);
    expect(byDistrict).toEqual(open);
    for (const school of [ids.a.schoolId, ids.b.schoolId]) {
      const mine = tips.filter((x) => x.schoolId === school);
      expect(open.get(school)).toEqual({
        open: count(mine, (x) => x.status !== 'closed'), overdue: count(mine, (x) => isOverdue(x, now)),
        investigationsOverdue: count(mine, (x) => INVESTIGATION_OPEN.includes(x.status) && isOverdue(x, now)),
      });
    }
  });

  it('the cases escalated to the district a flag lists, and the 12 hours missed where the deadline is longer', async () => {
    const window = { from: new Date(now.getTime() - 25 * D), until: now };
    const inWindow = tips.filter((x) => x.submittedAt >= window.from && x.submittedAt < window.until);
    const escalated = await escalatedCases(t.ds.manager, [ids.a.schoolId, ids.b.schoolId], window);
    expect(idsOf(escalated)).toEqual(idsOf(inWindow.filter((x) => x.escalationLevel === 'district')));
    for (const e of escalated) {
      const x = tips.find((y) => y.id === e.id)!;
      expect({ id: e.id, missed: ackMissedHours(e, 12, now), late: investigationLate(e, now) }).toEqual({ id: e.id, missed: ackMissedHours(x, 12, now), late: investigationLate(x, now) });
    }
    const confirmed = await confirmedCounts(t.ds.manager, [ids.a.schoolId, ids.b.schoolId], window);
    for (const school of [ids.a.schoolId, ids.b.schoolId]) {
      expect(confirmed.get(school) ?? 0).toBe(count(inWindow, (x) => x.schoolId === school && x.decision === 'confirmed'));
    }
    // school B's 15-hour acknowledgements were in time by its deadline and still missed the 12 hours
    expect(tips.some((x) => x.schoolId === ids.b.schoolId && ackOnTime(x) === true && ackMissedHours(x, 12, now))).toBe(true);
  });
});
