import { MoreThan, type EntityManager } from 'typeorm';
import { TipFloodEntity } from './tip-flood.entity';

/**
 * The school's flood whose tightened limit still runs at `at`, if any: the one definition of "in a flood", read by
 * TipFloods and by the call-down's school-wide cap (which sits below tip routing, so it cannot inject TipFloods).
 */
export function activeFlood(m: EntityManager, schoolId: string, at: Date): Promise<TipFloodEntity | null> {
  return m.findOne(TipFloodEntity, { where: { schoolId, tightenedUntil: MoreThan(at) }, order: { startedAt: 'DESC' } });
}
