import type { RoleGrant } from '../../platform/common/auth/auth-context';
import { notShownExplanation, tipAccess, tipGrants } from './tip-access.policy';

const S = 'school-1';
const role = (r: string): RoleGrant => (r === 'district_officer' ? { role: r as any, schoolId: null, districtId: 'd1' } : { role: r as any, schoolId: S, districtId: null });
const fresh = { escalationLevel: 'none' as const, assigneeUserId: null, filedByUserId: null };
const none = { content: false, named: false, handle: false };
/** The school as the policy sees it: user 'u' is its designated contact. */
const school = { id: S, contactUserId: 'u' };

describe('tip access policy', () => {
  it('a fresh tip: the designated contact sees everything and handles it; nobody else sees content', () => {
    expect(tipAccess('u', [role('contact')], fresh, school)).toEqual({ content: true, named: true, handle: true });
    for (const r of ['principal', 'admin', 'teacher', 'committee', 'district_officer']) expect(tipAccess('u', [role(r)], fresh, school)).toEqual(none);
  });

  it('escalated: the principal sees and handles it but not a named reporter; district officers read once it reaches them', () => {
    expect(tipAccess('u', [role('principal')], { ...fresh, escalationLevel: 'principal' }, school)).toEqual({ content: true, named: false, handle: true });
    expect(tipAccess('u', [role('district_officer')], { ...fresh, escalationLevel: 'principal' }, school)).toEqual(none);
    expect(tipAccess('u', [role('district_officer')], { ...fresh, escalationLevel: 'district' }, school)).toEqual({ content: true, named: false, handle: false });
    expect(tipAccess('u', [role('admin')], { ...fresh, escalationLevel: 'district' }, school)).toEqual(none);
  });

  it('the assignee (hand-over) sees the named reporter and handles; the filing teacher only reads', () => {
    expect(tipAccess('u', [role('committee')], { ...fresh, assigneeUserId: 'u' }, school)).toEqual({ content: true, named: true, handle: true });
    expect(tipAccess('v', [role('committee')], { ...fresh, assigneeUserId: 'u' }, school)).toEqual(none);
    expect(tipAccess('u', [role('teacher')], { ...fresh, filedByUserId: 'u' }, school)).toEqual({ content: true, named: false, handle: false });
    expect(tipAccess('v', [role('teacher')], { ...fresh, filedByUserId: 'u' }, school)).toEqual(none);
  });

  it('grants name what each role opens', () => {
    const kinds = (r: string) => tipGrants('u', [role(r)], school).map((g) => g.scope.kind);
    expect(kinds('contact')).toEqual(['every_tip', 'assigned_to_caller', 'filed_by_caller']);
    expect(kinds('principal')).toEqual(['assigned_to_caller', 'escalated', 'filed_by_caller']);
    expect(kinds('district_officer')).toEqual(['escalated', 'filed_by_caller']);
    expect(kinds('admin')).toEqual(['filed_by_caller']);
  });

  it('explains what the list of a principal or a district officer leaves out, from the same grants', () => {
    expect(notShownExplanation(tipGrants('u', [role('principal')], school), 3, 12)).toMatch(/^本校另有 3 条举报由欺凌防治负责人处理。超过受理期限仍未受理的举报会升级到校长/);
    expect(notShownExplanation(tipGrants('u', [role('district_officer')], school), 2, 8)).toBe('该校另有 2 条举报由学校处理。提交 8 小时后仍未受理的举报会升级到教育局，升级后会出现在这里。');
  });

  it('the contact role alone is not enough: only the named contact reads every tip', () => {
    const elsewhere = { id: S, contactUserId: 'someone-else' };
    expect(tipAccess('u', [role('contact')], fresh, elsewhere)).toEqual(none);
    expect(tipGrants('u', [role('contact')], elsewhere).map((g) => g.scope.kind)).toEqual(['filed_by_caller']);
  });

  it('an assignee who lost their case role loses the case at once, whatever role they keep', () => {
    const assigned = { ...fresh, assigneeUserId: 'w' };
    expect(tipAccess('w', [role('committee'), role('teacher')], assigned, school)).toEqual({ content: true, named: true, handle: true });
    expect(tipAccess('w', [role('teacher')], assigned, school)).toEqual(none);
    expect(tipAccess('w', [role('admin')], assigned, school)).toEqual(none);
    expect(tipGrants('w', [role('teacher')], school).map((g) => g.scope.kind)).toEqual(['filed_by_caller']);
    // a contact replaced by someone else keeps nothing either
    expect(tipAccess('w', [role('contact')], assigned, school)).toEqual(none);
  });
});
