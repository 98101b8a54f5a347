import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import type { TestApp } from '../support/test-app';

/**
 * A survey of school A, open now for a week, over the A teacher's class and `otherClassId` (opened by its principal),
 * asking guardians too (the parent questionnaire).
 */
export async function makeSurveyFixture(t: TestApp, a: DemoSchoolIds, otherClassId: string): Promise<string> {
  const now = t.clock.now();
  const body = { ...surveyOpenBody(a.teacherClassId, otherClassId, now), parents: true };
  const res = await t.request('POST', `/schools/${a.schoolId}/surveys`, { token: await t.login('principal', 'a'), body });
  if (res.status !== 201) throw new Error(`survey fixture: POST /schools/{id}/surveys → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A body that opens a survey for these classes, from `now` for a week. */
export function surveyOpenBody(classId: string, otherClassId: string, now: Date): Record<string, unknown> {
  return { classIds: [classId, otherClassId], opensAt: now.toISOString(), closesAt: new Date(now.getTime() + 7 * 86_400_000).toISOString() };
}

/** A valid finding on a survey (for the whole school, so it fits any survey). */
export function surveyFindingBody(): Record<string, unknown> {
  return { kind: 'hit', place: 2, text: '厕所里被推搡的情况上升', measures: '课间安排教师在厕所附近巡查', dueOn: '2031-04-30' };
}
