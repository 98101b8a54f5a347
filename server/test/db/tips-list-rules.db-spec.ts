import { compareByUrgency, isOverdue, type TipListItem } from '@anxin/shared';
import type { RoleGrant } from '../../src/platform/common/auth/auth-context';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { SchoolEntity } from '../../src/features/tenancy/school.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { tipAccess } from '../../src/features/tips/tip-access.policy';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

type Role = 'contact' | 'principal' | 'committee' | 'teacher' | 'district';
const ROLES: Role[] = ['contact', 'principal', 'committee', 'teacher', 'district'];
const ESCALATIONS = ['none', 'principal', 'district'] as const;
const ASSIGNEES = [null, 'committee', 'principal'] as const;
const FILERS = [null, 'teacher'] as const;
const STATUSES = ['new', 'investigating', 'closed'] as const;

/**
 * One owner per rule, checked on a generated matrix: every combination of escalation, assignee, filer and status,
 * with deadlines and danger spread over them, against every staff role that lists tips. For each role the list holds
 * exactly the tips tip-access.policy.ts lets them open (and each of those opens, each of the others answers 403);
 * the list's order is compareByUrgency's and its `overdue` is isOverdue's (shared/src/tip-rules.ts); the counts and
 * the `overdue` filter agree with the same rule; a principal or district officer is told what the list leaves out.
 */
describe('the staff tip list follows the one access rule and the one clock (generated matrix, real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Partial<Record<Role, string>> = {};
  const tips: TipEntity[] = [];
  let now: Date;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    now = new Date(Math.floor(Date.now() / H) * H + 2 * D);
    t.clock.set(now);
    for (const r of ROLES) tok[r] = await t.login(r, 'a');
    const userOf = (r: string | null) => (r ? ids.a.userIds[r as Role] : null);
    let i = 0;
    for (const escalation of ESCALATIONS) for (const assignee of ASSIGNEES) for (const filer of FILERS) for (const status of STATUSES) {
      i++;
      const res = await submitTip(t, tipBody(ids.a.schoolId, { inDanger: i % 7 === 0 }), { remoteAddress: `10.61.${i}.1` });
      expect(res.status).toBe(201);
      const tip = (await t.ds.getRepository(TipEntity).find({ where: { schoolId: ids.a.schoolId }, order: { submittedAt: 'DESC' } }))
        .find((x) => !tips.some((y) => y.id === x.id))!;
      // Deadlines on both sides of now, submission times spread so that ties fall to the newest.
      const ackDue = new Date(now.getTime() + ((i * 37) % 11 - 5) * H);
      const invDue = new Date(now.getTime() + ((i * 53) % 9 - 3) * D);
      await t.ds.getRepository(TipEntity).update({ id: tip.id }, {
        escalationLevel: escalation, assigneeUserId: userOf(assignee), filedByUserId: userOf(filer), status,
        submittedAt: new Date(now.getTime() - (i % 5) * H - i * MIN), ackDueAt: ackDue,
        acknowledgedAt: status === 'new' ? null : new Date(now.getTime() - 3 * D), acknowledgedBy: status === 'new' ? null : ids.a.userIds.contact,
        investigationDueAt: status === 'new' ? null : invDue, overdueAt: status === 'investigating' && i % 4 === 0 ? new Date(now.getTime() - H) : null,
        decision: status === 'closed' ? 'confirmed' : null, closedAt: status === 'closed' ? now : null,
      });
      tips.push(await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tip.id }));
    }
  }, 180_000);
  afterAll(() => t?.stop());

  const list = async (role: Role, query = '') => {
    const items: TipListItem[] = [];
    let res;
    do {
      res = await t.request('GET', `/schools/${ids.a.schoolId}/tips?limit=20&offset=${items.length}${query}`, { token: tok[role] });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
    } while (items.length < res.body.total);
    return { items, notShown: res.body.notShown as { count: number; explanation: string } | null };
  };

  const rolesOf = async (role: Role): Promise<RoleGrant[]> => {
    const rows = await t.ds.getRepository(StaffRoleEntity).find({ where: { userId: ids.a.userIds[role] } });
    return rows.map((r) => ({ role: r.role, schoolId: r.schoolId, districtId: r.districtId }));
  };

  it('each role lists exactly the tips the access rule opens for it, and can open each of those and none of the others', async () => {
    const school = await t.ds.getRepository(SchoolEntity).findOneByOrFail({ id: ids.a.schoolId });
    for (const role of ROLES) {
      const userId = ids.a.userIds[role];
      const roles = await rolesOf(role);
      const expected = tips.filter((x) => tipAccess(userId, roles, x, school).content).map((x) => x.id).sort();
      const listed = (await list(role)).items.map((x) => x.id).sort();
      expect({ role, listed }).toEqual({ role, listed: expected });
      expect(expected.length).toBeGreaterThan(0);
      for (const tip of tips) {
        const status = (await t.request('GET', `/tips/${tip.id}`, { token: tok[role] })).status;
        expect({ role, tip: tip.id, status }).toEqual({ role, tip: tip.id, status: expected.includes(tip.id) ? 200 : 403 });
      }
    }
  }, 180_000);

  it('the list is in urgency order (shared compareByUrgency), its overdue flags and filter follow isOverdue, and the counts agree', async () => {
    const { items } = await list('contact');
    expect(items).toHaveLength(tips.length);
    expect(items.map((x) => x.id)).toEqual([...items].sort((a, b) => compareByUrgency(a, b, t.clock.now())).map((x) => x.id));
    // The first rows are the reporters in danger, then the overdue.
    const firstSafe = items.findIndex((x) => !(x.inDanger && x.status !== 'closed'));
    expect(items.slice(firstSafe).some((x) => x.inDanger && x.status !== 'closed')).toBe(false);
    for (const item of items) {
      const row = tips.find((x) => x.id === item.id)!;
      expect({ id: item.id, overdue: item.overdue }).toEqual({ id: item.id, overdue: isOverdue(row, t.clock.now()) });
    }
    const overdue = (await list('contact', '&overdue=true')).items.map((x) => x.id).sort();
    expect(overdue).toEqual(items.filter((x) => x.overdue).map((x) => x.id).sort());
    expect(overdue.length).toBeGreaterThan(0);
    const stats = await t.request('GET', `/schools/${ids.a.schoolId}/tips/stats`, { token: tok.contact });
    expect(stats.body.overdue).toBe(overdue.length);
  });

  it('a principal and a district officer are told how many tips their list leaves out and why; the contact is not', async () => {
    const p = await list('principal');
    expect(p.notShown).toEqual({ count: tips.length - p.items.length, explanation: expect.stringMatching(/^本校另有 \d+ 条举报由欺凌防治负责人处理。超过受理期限仍未受理的举报会升级到校长/) });
    expect(p.notShown!.explanation).toContain(`本校另有 ${tips.length - p.items.length} 条`);
    const d = await list('district');
    expect(d.notShown).toEqual({ count: tips.length - d.items.length, explanation: `该校另有 ${tips.length - d.items.length} 条举报由学校处理。提交 12 小时后仍未受理的举报会升级到教育局，升级后会出现在这里。` });
    expect((await list('contact')).notShown).toBeNull();
    // A committee member holds no counts: they are not told how many others there are.
    expect((await list('committee')).notShown).toBeNull();
    // With a filter, the count is of the tips matching it.
    const pNew = await list('principal', '&status=new');
    expect(pNew.notShown?.count ?? 0).toBe(tips.filter((x) => x.status === 'new').length - pNew.items.length);
  });

  it('the district overview: the open cases escalated to the district, most urgent first, and the schools by name', async () => {
    const tokB = await t.login('district', 'b');
    expect((await t.request('GET', `/districts/${ids.a.districtId}/tips/overview`, { token: tokB })).status).toBe(404);
    expect((await t.request('GET', `/districts/${ids.a.districtId}/tips/overview`, { token: tok.principal })).status).toBe(403);
    const res = await t.request('GET', `/districts/${ids.a.districtId}/tips/overview`, { token: tok.district });
    expect(res.status).toBe(200);
    // each school's figures are the district dashboard's (oversight-*.db-spec.ts)
    expect(res.body.schools).toEqual([{ schoolId: ids.a.schoolId, schoolName: '阳光实验小学' }]);
    const escalated = res.body.escalated as TipListItem[];
    expect(escalated.map((x) => x.id).sort()).toEqual(tips.filter((x) => x.status !== 'closed' && x.escalationLevel === 'district').map((x) => x.id).sort());
    expect(escalated.map((x) => x.id)).toEqual([...escalated].sort((a, b) => compareByUrgency(a, b, t.clock.now())).map((x) => x.id));
  });
});
