/** How many ids to put in one `IN (…)` list (well under SQLite's and MariaDB's limits on parameters). */
export const IN_CHUNK = 500;

/** `items` in runs of at most `size`, one query each. */
export function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows grouped by a key, each group in the rows' order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Each value once, in first-seen order (an IN list's values). */
export function distinct<T>(items: T[]): T[] {
  return [...new Set(items)];
}
