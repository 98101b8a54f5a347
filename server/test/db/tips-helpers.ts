import { randomUUID } from 'node:crypto';
import type { SubmitTipRequest } from '@anxin/shared';
import type { TestApp } from '../support/test-app';

/** Shared by the tips-*.db-spec.ts files (not a spec itself). */
export function tipBody(schoolId: string, over: Partial<SubmitTipRequest> = {}): SubmitTipRequest {
  return {
    schoolId, category: 'verbal', description: '课间有同学一直骂我，还把我的本子扔进垃圾桶', when: '上周五下午课间', place: 'classroom',
    placeDetail: '三楼教室后排', peopleInvolved: '同班的两个男生', ongoing: false, reporterRole: 'victim', inDanger: false,
    clientKey: randomUUID(), ...over,
  };
}

/** POST /tips through fastify inject with a chosen client address (and optional session / headers). */
export async function submitTip(t: TestApp, body: SubmitTipRequest, opts: { token?: string; remoteAddress?: string; headers?: Record<string, string> } = {}) {
  const res = await t.app.getHttpAdapter().getInstance().inject({
    method: 'POST', url: '/api/v1/tips', payload: body as any, remoteAddress: opts.remoteAddress ?? '127.0.0.1',
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.headers ?? {}) },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

export async function followupToken(t: TestApp, schoolId: string, receipt: string, remoteAddress = '10.9.9.9'): Promise<string> {
  const res = await t.app.getHttpAdapter().getInstance().inject({ method: 'POST', url: '/api/v1/tips/followup', payload: { schoolId, receipt }, remoteAddress });
  if (res.statusCode !== 201) throw new Error(`followup failed: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body).token;
}

/** Every table's rows, raw, as one string per table (for "this value appears nowhere" checks). */
export async function dumpAllTables(t: TestApp): Promise<Record<string, string>> {
  const tables: string[] = t.db.engine === 'sqlite'
    ? (await t.ds.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r: any) => r.name)
    : (await t.ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`)).map((r: any) => r.name ?? r.NAME ?? r.TABLE_NAME);
  const out: Record<string, string> = {};
  for (const name of tables) {
    const rows = await t.ds.query(`SELECT * FROM ${t.db.engine === 'sqlite' ? `"${name}"` : `\`${name}\``}`);
    out[name] = rows.map((r: Record<string, unknown>) => Object.values(r).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v))).join('\u0001')).join('\n');
  }
  return out;
}

/**
 * Rate limits count in fixed windows (15 minutes, one hour). A test that counts tries must not straddle a window
 * boundary on the wall clock, so it starts one minute into a fresh hour (also a fresh quarter hour).
 */
export function pinClockToFreshWindow(t: TestApp): void {
  const HOUR = 3_600_000;
  t.clock.set(new Date((Math.floor(Date.now() / HOUR) + 1) * HOUR + 60_000));
}
