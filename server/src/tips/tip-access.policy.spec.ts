import type { RoleGrant } from '../common/auth/auth-context';
import { tipAccess, tipListScope } from './tip-access.policy';

const S = 'school-1';
const role = (r: string): RoleGrant => (r === 'district_officer' ? { role: r as any, schoolId: null, districtId: 'd1' } : { role: r as any, schoolId: S, districtId: null });
const fresh = { escalationLevel: 'none' as const, assigneeUserId: null, filedByUserId: null };
const none = { content: false, named: false, handle: false };

describe('tip access policy (issue 5 §9)', () => {
  it('a fresh tip: the designated contact sees everything and handles it; nobody else sees content', () => {
    expect(tipAccess('u', [role('contact')], fresh)).toEqual({ content: true, named: true, handle: true });
    for (const r of ['principal', 'admin', 'teacher', 'committee', 'district_officer']) expect(tipAccess('u', [role(r)], fresh)).toEqual(none);
  });

  it('escalated: the principal sees and handles it but not a named reporter; district officers read once it reaches them', () => {
    expect(tipAccess('u', [role('principal')], { ...fresh, escalationLevel: 'principal' })).toEqual({ content: true, named: false, handle: true });
    expect(tipAccess('u', [role('district_officer')], { ...fresh, escalationLevel: 'principal' })).toEqual(none);
    expect(tipAccess('u', [role('district_officer')], { ...fresh, escalationLevel: 'district' })).toEqual({ content: true, named: false, handle: false });
    expect(tipAccess('u', [role('admin')], { ...fresh, escalationLevel: 'district' })).toEqual(none);
  });

  it('the assignee (hand-over) sees the named reporter and handles; the filing teacher only reads', () => {
    expect(tipAccess('u', [role('committee')], { ...fresh, assigneeUserId: 'u' })).toEqual({ content: true, named: true, handle: true });
    expect(tipAccess('v', [role('committee')], { ...fresh, assigneeUserId: 'u' })).toEqual(none);
    expect(tipAccess('u', [role('teacher')], { ...fresh, filedByUserId: 'u' })).toEqual({ content: true, named: false, handle: false });
    expect(tipAccess('v', [role('teacher')], { ...fresh, filedByUserId: 'u' })).toEqual(none);
  });

  it('list scope mirrors it', () => {
    expect(tipListScope('u', [role('contact')]).all).toBe(true);
    expect(tipListScope('u', [role('principal')])).toMatchObject({ all: false, escalatedForPrincipal: true, districtEscalated: false });
    expect(tipListScope('u', [role('district_officer')])).toMatchObject({ all: false, escalatedForPrincipal: false, districtEscalated: true });
  });
});
