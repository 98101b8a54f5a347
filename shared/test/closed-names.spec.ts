import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, auditActionLabel, isAuditAction, type AuditAction } from '../src/audit-actions';
import { ErrorCode } from '../src/errors';
import { Permission, ROLE_PERMISSIONS } from '../src/roles';

/*
 * Error codes, permissions and audit actions are closed sets: a name that is not in the list does not compile.
 * The `@ts-expect-error` lines below are checked by `npm run typecheck` (shared/test/tsconfig.json): if one of these
 * types were widened again (e.g. with `| (string & {})`), the line would compile and tsc would report the unused
 * directive.
 */

describe('error codes', () => {
  it('a known code compiles; a misspelt one does not', () => {
    const known: ErrorCode = 'TIP_RECEIPT_INVALID';
    // @ts-expect-error a code that does not exist
    const typo: ErrorCode = 'TIP_RECIEPT_INVALID';
    expect([known, typo]).toHaveLength(2);
    expect(Object.values(ErrorCode)).toContain(known);
  });
});

describe('permissions', () => {
  it('a known permission compiles; a misspelt one does not', () => {
    const known: Permission = 'tip.read';
    // @ts-expect-error a permission that does not exist
    const typo: Permission = 'tips.read';
    expect([known, typo]).toHaveLength(2);
    const granted = new Set(Object.values(ROLE_PERMISSIONS).flat());
    for (const p of granted) expect(Object.values(Permission)).toContain(p);
  });
});

describe('audit actions', () => {
  it('a known action compiles; a misspelt or unlabelled one does not', () => {
    const known: AuditAction = 'tip.evidence_viewed';
    // @ts-expect-error an action that is not in AUDIT_ACTION_LABELS (so it has no label either)
    const typo: AuditAction = 'tip.evidence_view';
    expect([known, typo]).toHaveLength(2);
  });

  it('every action has a Chinese label', () => {
    expect(AUDIT_ACTIONS.length).toBeGreaterThan(20);
    for (const action of AUDIT_ACTIONS) {
      expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(AUDIT_ACTION_LABELS[action]).toMatch(/\p{Script=Han}/u);
    }
  });

  it('the evidence view has its own label (the app once showed its raw name)', () => {
    expect(auditActionLabel('tip.evidence_viewed')).toBe('查看了原始照片（含拍摄信息）');
    expect(auditActionLabel('tip.attachment_viewed')).toBe('查看了照片');
  });

  it('an entry from another version (an unknown name) shows its name', () => {
    expect(isAuditAction('tip.something_new')).toBe(false);
    expect(auditActionLabel('tip.something_new')).toBe('tip.something_new');
    expect(isAuditAction('toString')).toBe(false);
  });
});
