/** ISO-8601 UTC timestamp string, e.g. 2026-11-29T03:04:05.000Z. Displayed in Asia/Shanghai. */
export type IsoDateTime = string;

export interface Page<T> {
  items: T[];
  total: number;
}
