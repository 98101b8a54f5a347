import { addDays, isRealDay, pledgeStatus, signatureDay } from './pledge-days';
import { childProgress, countProgress, guardiansToRemind, guardianView, type SignatureRef } from './pledge-progress';

const cls = (gradeNumber: number) => ({ id: 'c', name: '三年级1班', gradeId: 'g', gradeName: '三年级', gradeNumber });
const sig = (over: Partial<SignatureRef>): SignatureRef => ({
  id: 's', studentId: 'kid', guardianUserId: 'mum', versionNumber: 1, hasStudentPart: true, signedOn: '2031-03-03', relation: 'mother', ...over,
});
const bindings = [{ guardianUserId: 'dad', relation: 'father' as const }, { guardianUserId: 'mum', relation: 'mother' as const }];
const kid = { id: 'kid', name: '王小明' };
const one = { currentVersion: 2, requireAllGuardians: false, studentFromGrade: 3 };
const all = { ...one, requireAllGuardians: true };

describe('pledge completion rules', () => {
  it('one guardian suffices; the child part is required from studentFromGrade', () => {
    expect(childProgress(one, kid, cls(3), bindings, [])).toMatchObject({ state: 'missing', missing: ['guardian', 'student'], studentRequired: true });
    expect(childProgress(one, kid, cls(2), bindings, [])).toMatchObject({ state: 'missing', missing: ['guardian'], studentRequired: false });
    expect(childProgress({ ...one, studentFromGrade: 0 }, kid, cls(9), bindings, []).studentRequired).toBe(false);
    expect(childProgress(one, kid, cls(3), bindings, [sig({ versionNumber: 2 })]).state).toBe('signed');
    expect(childProgress(one, kid, cls(3), bindings, [sig({ versionNumber: 2, hasStudentPart: false })])).toMatchObject({ state: 'missing', missing: ['student'] });
  });

  it('an older version only is superseded; the guardians see resign, signed or to_sign', () => {
    const older = childProgress(one, kid, cls(3), bindings, [sig({ id: 'old', versionNumber: 1 })]);
    expect(older).toMatchObject({ state: 'superseded', missing: ['resign'] });
    expect(guardianView(one, older, 'dad')).toEqual({ status: 'resign', signature: expect.objectContaining({ id: 'old' }) });
    const current = childProgress(one, kid, cls(3), bindings, [sig({ id: 'old', versionNumber: 1 }), sig({ id: 'new', versionNumber: 2, guardianUserId: 'dad' })]);
    expect(guardianView(one, current, 'mum')).toEqual({ status: 'signed', signature: expect.objectContaining({ id: 'new' }) });
    expect(guardianView(one, childProgress(one, kid, cls(3), bindings, []), 'mum')).toEqual({ status: 'to_sign', signature: null });
  });

  it('with requireAllGuardians every guardian signs, and only those who have not are reminded', () => {
    const half = childProgress(all, kid, cls(3), bindings, [sig({ versionNumber: 2 })]);
    expect(half).toMatchObject({ state: 'missing', missing: ['guardian'] });
    expect(half.guardians).toEqual([{ userId: 'dad', relation: 'father', signedCurrent: false }, { userId: 'mum', relation: 'mother', signedCurrent: true }]);
    expect(guardianView(all, half, 'mum').status).toBe('signed');
    expect(guardianView(all, half, 'dad').status).toBe('to_sign');
    expect(guardiansToRemind(all, [half])).toEqual(['dad']);
    const none = childProgress(all, kid, cls(3), [], []);
    expect(none.state).toBe('missing');
    expect(countProgress([half, none, childProgress(all, kid, cls(3), bindings, [sig({ versionNumber: 2 }), sig({ versionNumber: 2, guardianUserId: 'dad' })])]))
      .toEqual({ students: 3, signed: 1, superseded: 0, missing: 2 });
  });
});

describe('pledge days', () => {
  it('keeps the Shanghai day and closes after the deadline day', () => {
    expect(signatureDay(new Date('2031-03-03T15:59:00Z'))).toBe('2031-03-03');
    expect(signatureDay(new Date('2031-03-03T16:00:00Z'))).toBe('2031-03-04');
    expect(pledgeStatus({ deadline: '2031-03-03' }, new Date('2031-03-03T15:59:59Z'))).toBe('open');
    expect(pledgeStatus({ deadline: '2031-03-03' }, new Date('2031-03-03T16:00:00Z'))).toBe('closed');
    expect(addDays('2031-02-27', 2)).toBe('2031-03-01');
    expect(addDays('2031-03-01', -3)).toBe('2031-02-26');
    expect(isRealDay('2031-02-29')).toBe(false);
    expect(isRealDay('2032-02-29')).toBe(true);
    expect(isRealDay('2031-2-3')).toBe(false);
  });
});
