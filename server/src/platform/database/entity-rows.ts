import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** An entity's columns under one alias and prefix, and the entity a row read with them holds. */
export interface EntityReader<T> {
  /** `alias.column AS prefixcolumn, …` for every column `find` would read. */
  columns: string;
  /** The entity this row holds, or null when its primary key is null (an outer join that found nothing). */
  hydrate(row: Record<string, unknown>): T | null;
}

/** Made once per entity (its metadata belongs to one data source, so to one driver), alias and prefix. */
const readers = new WeakMap<EntityMetadata, Map<string, EntityReader<ObjectLiteral>>>();

function readerOf(m: EntityManager, metadata: EntityMetadata, alias: string, prefix: string): EntityReader<ObjectLiteral> {
  let byAlias = readers.get(metadata);
  if (!byAlias) readers.set(metadata, (byAlias = new Map()));
  const id = `${alias}\u0000${prefix}`;
  let reader = byAlias.get(id);
  if (!reader) {
    const driver = m.connection.driver;
    const escape = (name: string) => driver.escape(name);
    // What TypeORM's find selects: every column that is selected by default (no `select: false`), no virtual ones.
    const columns = metadata.columns.filter((c) => c.isSelect && !c.isVirtual && !c.isVirtualProperty)
      .map((column) => ({ key: `${prefix}${column.databaseName}`, column }));
    const keys = metadata.primaryColumns.map((c) => `${prefix}${c.databaseName}`);
    reader = {
      columns: columns.map(({ key, column }) => `${escape(alias)}.${escape(column.databaseName)} AS ${escape(key)}`).join(', '),
      hydrate: (row) => {
        if (keys.some((k) => row[k] === null)) return null;
        const entity = metadata.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
        for (const { key, column } of columns) {
          const value = row[key];
          if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
        }
        return entity;
      },
    };
    byAlias.set(id, reader);
  }
  return reader;
}

/**
 * Plain SQL for an entity's hottest reads, with TypeORM's own conversions. TypeORM's `find` and query builder build
 * their SQL anew on every call and pass the rows through a general transformer (joins, relation ids, grouping);
 * on the busiest guardian route (confirming a notice: the session, the receipts, their lock) that was about a quarter
 * of the server's CPU (docs/BENCHMARKS.md). Here the select list is made once per entity, alias and prefix, and each
 * value is converted by the driver exactly as `find` converts it (dates, days, JSON, booleans, column transformers;
 * per engine). For entities without relations to load or load listeners (none of ours has either).
 */
export const entityRows = {
  /** The columns of `target` under `alias` (each as `prefix` + its name), and the entity of a row read with them. */
  reader<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, alias: string, prefix = ''): EntityReader<T> {
    return readerOf(m, m.connection.getMetadata(target), alias, prefix) as EntityReader<T>;
  },

  /**
   * The entities of `target` matching `where` (SQL over the table's column names, aliased `t`, `?` parameters), with
   * `tail` after it (`ORDER BY t.id FOR UPDATE`, say).
   */
  async select<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, where: string, parameters: unknown[], tail = ''): Promise<T[]> {
    const metadata = m.connection.getMetadata(target);
    const reader = readerOf(m, metadata, 't', '') as EntityReader<T>;
    const sql = `SELECT ${reader.columns} FROM ${m.connection.driver.escape(metadata.tableName)} t WHERE ${where}${tail ? ` ${tail}` : ''}`;
    const rows: Record<string, unknown>[] = await m.query(sql, parameters);
    return rows.map((row) => reader.hydrate(row)!);
  },

  /**
   * `select` by column values, as `find({ where })` with `In`: each key a column of the table (its name in the
   * database), each value one value (`=`) or a list (`IN`; an empty list matches nothing, without a query).
   */
  async findBy<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, by: Record<string, unknown>): Promise<T[]> {
    const terms: string[] = [];
    const parameters: unknown[] = [];
    for (const [column, value] of Object.entries(by)) {
      const escaped = `t.${m.connection.driver.escape(column)}`;
      if (Array.isArray(value)) {
        if (!value.length) return [];
        terms.push(`${escaped} IN (${value.map(() => '?').join(', ')})`);
        parameters.push(...value);
      } else {
        terms.push(`${escaped} = ?`);
        parameters.push(value);
      }
    }
    return entityRows.select(m, target, terms.length ? terms.join(' AND ') : '1 = 1', parameters);
  },
};
