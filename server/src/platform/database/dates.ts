/** Datetimes are stored in UTC; the API speaks ISO-8601 UTC strings. */
export function iso(d: Date | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}
export function isoRequired(d: Date): string {
  return new Date(d).toISOString();
}
