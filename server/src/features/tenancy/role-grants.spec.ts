import { mayGrantRole, mayRevokeRole, NO_SELF_GRANT, SCHOOL_ROLES, TIP_CONTENT_ROLES } from '@anxin/shared';

/** The grant rule the server enforces and the app follows (shared/src/roles.ts). */
describe('who may grant which school role', () => {
  it('roles that read tip content: the principal only', () => {
    for (const role of TIP_CONTENT_ROLES) {
      expect(mayGrantRole(['principal'], role)).toBe(true);
      for (const other of ['admin', 'teacher', 'contact', 'committee', 'district_officer'] as const) expect(mayGrantRole([other], role)).toBe(false);
    }
  });

  it('the principal: a district officer only; the admin may revoke but never grant it', () => {
    expect(mayGrantRole(['district_officer'], 'principal')).toBe(true);
    expect(mayGrantRole(['admin'], 'principal')).toBe(false);
    expect(mayGrantRole(['principal'], 'principal')).toBe(false);
    expect(mayRevokeRole(['admin'], 'principal')).toBe(true);
    expect(mayRevokeRole(['admin'], 'committee')).toBe(false);
  });

  it('teachers and admins: the school admin or principal', () => {
    for (const role of ['teacher', 'admin'] as const) {
      expect(mayGrantRole(['admin'], role)).toBe(true);
      expect(mayGrantRole(['principal'], role)).toBe(true);
      expect(mayGrantRole(['district_officer'], role)).toBe(false);
    }
  });

  it('every role that reads tip content, and the principal, is never self-granted', () => {
    expect([...NO_SELF_GRANT].sort()).toEqual(['committee', 'contact', 'principal']);
    expect(SCHOOL_ROLES.every((r) => !TIP_CONTENT_ROLES.includes(r) || NO_SELF_GRANT.includes(r))).toBe(true);
  });
});
