import { randomUUID } from 'node:crypto';
import { semesterAt } from '@anxin/shared';
import type { TestApp } from '../support/test-app';

const HOURS_BACK = 13;

/**
 * A supervision flag of the school, for the access matrix and the fuzz test: an anonymous tip filed 13 hours ago
 * (through the public API, with the clock moved back and then forward again) and not acknowledged, so the school
 * has a `late_ack_12h` flag this semester. Returns the flag's key.
 */
export async function makeFlagFixture(t: TestApp, schoolId: string): Promise<string> {
  t.clock.advance(-HOURS_BACK * 3_600_000);
  const filedAt = t.clock.now();
  try {
    const res = await t.request('POST', '/tips', {
      body: { schoolId, category: 'verbal', description: '督导提示测试：课间有同学被起外号', ongoing: false, reporterRole: 'witness', inDanger: false, clientKey: randomUUID() },
    });
    if (res.status !== 201) throw new Error(`flag fixture: POST /tips → ${res.status} ${JSON.stringify(res.body)}`);
  } finally {
    t.clock.advance(HOURS_BACK * 3_600_000);
  }
  return `late_ack_12h.${schoolId}.${semesterAt([], filedAt).key}`;
}
