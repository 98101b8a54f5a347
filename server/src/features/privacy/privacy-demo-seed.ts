import type { EntityManager } from 'typeorm';
import type { DemoSchoolIds } from '../demo/demo-seed';
import { ChildDataOfficerEntity } from './child-data-officer.entity';

/** Each demo school's person responsible for children's personal information (the policy page shows them). */
const DEMO_OFFICERS: Record<'a' | 'b', { name: string; phone: string }> = {
  a: { name: '王主任', phone: '010-62345679' },
  b: { name: '钱主任', phone: '021-55556666' },
};

export async function seedDemoChildDataOfficers(m: EntityManager, schools: Record<'a' | 'b', DemoSchoolIds>, now: Date): Promise<void> {
  for (const key of ['a', 'b'] as const) {
    if (await m.exists(ChildDataOfficerEntity, { where: { schoolId: schools[key].schoolId } })) continue;
    await m.save(m.create(ChildDataOfficerEntity, { schoolId: schools[key].schoolId, ...DEMO_OFFICERS[key], updatedAt: now }));
  }
}
