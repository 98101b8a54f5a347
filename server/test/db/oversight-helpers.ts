import { TipEntity } from '../../src/features/tips/tip.entity';
import type { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/** Shared by the oversight-*.db-spec.ts files (not a spec itself). */

const HOUR = 3_600_000;
let address = 0;

/** A Shanghai wall-clock time as the UTC instant (Shanghai = UTC+8). */
export const sh = (iso: string) => new Date(`${iso}+08:00`);

/** Files an anonymous tip to the school at `at` (the clock is set there and stays), from an address of its own; returns its id. */
export async function fileTipAt(t: TestApp, schoolId: string, at: Date, over: Parameters<typeof tipBody>[1] = {}): Promise<string> {
  t.clock.set(at);
  address++;
  const res = await submitTip(t, tipBody(schoolId, over), { remoteAddress: `10.77.${Math.floor(address / 200)}.${address % 200 + 1}` });
  if (res.status !== 201) throw new Error(`tip not filed: ${res.status} ${JSON.stringify(res.body)}`);
  const tip = await t.ds.getRepository(TipEntity).createQueryBuilder('t').where('t.school_id = :schoolId', { schoolId })
    .orderBy('t.submitted_at', 'DESC').getOneOrFail();
  return tip.id;
}

/** The demo login of `role` at school 'a' or 'b', made now (the clock may have moved past an earlier session). */
export const freshLogin = (t: TestApp, role: Parameters<TestApp['login']>[0], school: 'a' | 'b' = 'a') => t.login(role, school);

/** The designated contact acknowledges the tip `hoursAfter` its receipt (the clock is set there). */
export async function ackAfter(t: TestApp, tipId: string, hoursAfter: number): Promise<void> {
  const tip = await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tipId });
  t.clock.set(new Date(new Date(tip.submittedAt).getTime() + hoursAfter * HOUR));
  const res = await t.request('POST', `/tips/${tipId}/ack`, { token: await freshLogin(t, 'contact'), body: {} });
  if (res.status !== 200) throw new Error(`ack failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The designated contact takes the case to a finding (调查中 → `finding`) at the clock's time. */
export async function decide(t: TestApp, tipId: string, finding: 'confirmed' | 'not_bullying'): Promise<void> {
  const token = await freshLogin(t, 'contact');
  for (const status of ['investigating', finding]) {
    const { version } = await t.ds.getRepository(TipEntity).findOneByOrFail({ id: tipId });
    const res = await t.request('PATCH', `/tips/${tipId}`, { token, body: { version, status } });
    if (res.status !== 200) throw new Error(`PATCH ${status} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A tip filed at `at`, acknowledged an hour later and found to be bullying two days after that. */
export async function confirmedCase(t: TestApp, schoolId: string, at: Date): Promise<string> {
  const id = await fileTipAt(t, schoolId, at);
  await ackAfter(t, id, 1);
  t.clock.advance(48 * HOUR);
  await decide(t, id, 'confirmed');
  return id;
}
