import type { Clock } from '../../src/platform/common/clock/clock';
import { run as admin } from '../../src/cli/admin';
import type { TestApp } from '../support/test-app';

/** Shared by the onboarding-*.db-spec.ts files (not a spec itself). */

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** The environment the command line runs with: the test app's database and data folder. */
export function cliEnv(t: TestApp): Record<string, string> {
  return { NODE_ENV: 'test', DATABASE_URL: t.db.url, ANXIN_DATA_DIR: t.db.dataDir, LOG_LEVEL: 'silent' };
}

/** `npm run admin -- …` in-process, on the test app's database and clock. */
export function adminCli(t: TestApp, ...argv: string[]): Promise<CliResult> {
  return adminCliWith(cliEnv(t), t.clock, ...argv);
}

/** `npm run admin -- …` in-process with this environment. */
export async function adminCliWith(env: Record<string, string>, clock: Clock | undefined, ...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await admin(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) }, clock);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The invite code the command printed (`code:  ABCD-EFGH-JKMN`), without its dashes. */
export function printedCode(out: string): string {
  const m = /code:\s+([A-Z0-9-]+)/.exec(out);
  if (!m) throw new Error(`no invite code in:\n${out}`);
  return m[1].replace(/-/g, '');
}

let logins = 0;
/**
 * Logs in through WeChat (the fake WeChat server answers code2Session): the same `person` is the same user every
 * time, as a real person's wx.login codes are. Returns the session token and the user id.
 */
export async function wechatLogin(t: TestApp, person: string): Promise<{ token: string; userId: string }> {
  const res = await t.request('POST', '/auth/wechat', { body: { code: `code-${person}.${++logins}` } });
  if (res.status !== 200) throw new Error(`WeChat login of ${person} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.token, userId: res.body.user.id };
}

/** A district made by the command line, and its first officer (`officer`: a login key of [A-Za-z0-9_-]) logged in and holding the role. */
export async function districtWithOfficer(
  t: TestApp, d: { name: string; code: string; officer: string; officerName: string },
): Promise<{ districtId: string; token: string; userId: string }> {
  const made = await adminCli(t, 'create-district', '--name', d.name, '--region-code', d.code);
  if (made.code !== 0) throw new Error(`create-district failed: ${made.err}`);
  const districtId = /id ([0-9a-f-]{36})\)/.exec(made.out)![1];
  const officer = await wechatLogin(t, d.officer);
  const redeemed = await t.request('POST', '/onboarding/redeem', { token: officer.token, body: { code: printedCode(made.out), name: d.officerName } });
  if (redeemed.status !== 200) throw new Error(`officer invite redemption failed: ${redeemed.status} ${JSON.stringify(redeemed.body)}`);
  return { districtId, ...officer };
}
