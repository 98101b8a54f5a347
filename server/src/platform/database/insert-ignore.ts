import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * INSERT that silently does nothing when a unique key already holds the row (INSERT OR IGNORE on SQLite,
 * INSERT IGNORE on MariaDB/MySQL). Used for dedupe keys: one domain event, one row.
 */
export async function insertOrIgnore<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, values: Partial<T>): Promise<void> {
  await m.createQueryBuilder().insert().into(target).values(values as any).orIgnore().updateEntity(false).execute();
}
