import { IsNull, type EntityManager } from 'typeorm';
import { AlertEntity } from '../outbox/alert.entity';

/**
 * Resolves the open "robot removed" alerts of a robot: when it was deleted (the school dealt with it) or a test
 * went through again. The staff home shows open alerts only.
 */
export async function resolveRobotAlerts(m: EntityManager, robotId: string, now: Date): Promise<void> {
  await m.update(AlertEntity, { subjectType: 'wecom_robot', subjectId: robotId, resolvedAt: IsNull() }, { resolvedAt: now });
}
