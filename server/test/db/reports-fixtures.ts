import { SemesterReportMaker } from '../../src/features/reports/semester-report-maker';
import type { TestApp } from '../support/test-app';

/**
 * A ready semester report of the school, for the access matrix and the fuzz test: asked for by its principal (so its
 * counts are exact) through the API and made by the worker's job. Returns its id.
 */
export async function makeReportFixture(t: TestApp, schoolId: string): Promise<string> {
  const res = await t.request('POST', `/schools/${schoolId}/reports`, { token: await t.login('principal', 'a'), body: {} });
  if (res.status !== 202) throw new Error(`report fixture: POST /schools/{id}/reports → ${res.status} ${JSON.stringify(res.body)}`);
  await t.get(SemesterReportMaker).run();
  return res.body.id;
}
