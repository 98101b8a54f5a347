import type { RoleGrant } from '../../platform/common/auth/auth-context';
import { tipAccess, tipListScope } from './tip-access.policy';

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

  it('list scope mirrors it', () => {
    expect(tipListScope('u', [role('contact')], school).all).toBe(true);
    expect(tipListScope('u', [role('principal')], school)).toMatchObject({ all: false, escalatedForPrincipal: true, districtEscalated: false });
    expect(tipListScope('u', [role('district_officer')], school)).toMatchObject({ all: false, escalatedForPrincipal: false, districtEscalated: true });
  });

  it('the contact role alone is not enough: only the named contact reads every tip', () => {
    const elsewhere = { id: S, contactUserId: 'someone-else' };
    expect(tipAccess('u', [role('contact')], fresh, elsewhere)).toEqual(none);
    expect(tipListScope('u', [role('contact')], elsewhere)).toMatchObject({ all: false, assigned: false });
  });

  it('an assignee who lost their case role loses the case at once, whatever role they keep', () => {
    const assigned = { ...fresh, assigneeUserId: 'w' };
    expect(tipAccess('w', [role('committee'), role('teacher')], assigned, school)).toEqual({ content: true, named: true, handle: true });
    expect(tipAccess('w', [role('teacher')], assigned, school)).toEqual(none);
    expect(tipAccess('w', [role('admin')], assigned, school)).toEqual(none);
    expect(tipListScope('w', [role('teacher')], school).assigned).toBe(false);
    // a contact replaced by someone else keeps nothing either
    expect(tipAccess('w', [role('contact')], assigned, school)).toEqual(none);
  });
});
