import { formatDate } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { LedgerExportMaker } from '../../src/features/ledger/ledger-export-maker';
import { LedgerFileEntity } from '../../src/features/ledger/ledger-file.entity';
import type { TestApp } from '../support/test-app';

export interface LedgerFixtures {
  /** A class meeting of the A teacher's class, recorded by that teacher (so every recorder of school A may change it). */
  activityA: string;
  /** A photo of school A's demo ledger. */
  fileA: string;
  /** A ready inspection export of school A, asked for by its principal. */
  exportA: string;
}

/** A class meeting's body for the teacher's class, held today. */
export function ledgerMeetingBody(classId: string, now: Date): Record<string, unknown> {
  return { dutyKey: 'class_meeting', heldOn: formatDate(now), leader: '班主任', audience: 'classes', classIds: [classId], attendance: 40, description: '防欺凌主题班会' };
}

/** A new duty of the district's own, for PUT /districts/{id}/ledger/duties. */
export const LEDGER_DUTY_BODY = { name: '校园安全隐患排查', frequency: 'semester', appliesTo: '全校', evidence: '排查记录', retired: false };

/** School A's ledger records for the access matrix and the fuzz test (the demo seed must have run). */
export async function makeLedgerFixtures(t: TestApp, a: DemoSchoolIds): Promise<LedgerFixtures> {
  const activity = await t.request('POST', `/schools/${a.schoolId}/ledger/activities`, { token: await t.login('teacher', 'a'), body: ledgerMeetingBody(a.teacherClassId, t.clock.now()) });
  if (activity.status !== 201) throw new Error(`ledger fixture: activity → ${activity.status} ${JSON.stringify(activity.body)}`);
  const file = await t.ds.getRepository(LedgerFileEntity).findOne({ where: { schoolId: a.schoolId }, select: { id: true } });
  if (!file) throw new Error('ledger fixture: the demo ledger has no photo');
  const asked = await t.request('POST', `/schools/${a.schoolId}/ledger/exports`, { token: await t.login('principal', 'a'), body: {} });
  if (asked.status !== 202) throw new Error(`ledger fixture: export → ${asked.status} ${JSON.stringify(asked.body)}`);
  await t.get(LedgerExportMaker).run();
  return { activityA: activity.body.id, fileA: file.id, exportA: asked.body.id };
}
