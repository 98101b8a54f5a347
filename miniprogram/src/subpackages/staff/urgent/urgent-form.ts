import type { PutUrgentSettingsRequest, UrgentContactKind, UrgentSettings } from '@anxin/shared';

/**
 * The 紧急呼叫设置 form's rows. A saved entry's phone is only known masked: the row keeps the saved id and sends it
 * as `keepId` unless a new phone is typed, which is then sent in full.
 */
export interface ContactRow {
  key: string;
  keepId: string | null;
  kind: UrgentContactKind;
  name: string;
  phone: string;
  phoneMasked: string | null;
  userId: string | null;
}

export interface ShiftRow {
  key: string;
  keepId: string | null;
  name: string;
  phone: string;
  phoneMasked: string | null;
  userId: string | null;
  weekdays: number[];
  /** A holiday's date (YYYY-MM-DD) instead of weekdays; '' when the shift is by weekday. */
  date: string;
  start: string;
  end: string;
}

let next = 0;
export const rowKey = () => `row-${++next}`;

export const newContact = (): ContactRow => ({ key: rowKey(), keepId: null, kind: 'other', name: '', phone: '', phoneMasked: null, userId: null });
export const newShift = (): ShiftRow => ({
  key: rowKey(), keepId: null, name: '', phone: '', phoneMasked: null, userId: null, weekdays: [1, 2, 3, 4, 5], date: '', start: '18:00', end: '08:00',
});

export function rowsOf(s: UrgentSettings): { contacts: ContactRow[]; shifts: ShiftRow[] } {
  return {
    contacts: s.contacts.map((c) => ({ key: rowKey(), keepId: c.id, kind: c.kind, name: c.name, phone: '', phoneMasked: c.phoneMasked, userId: c.userId })),
    shifts: s.roster.map((r) => ({
      key: rowKey(), keepId: r.id, name: r.name, phone: '', phoneMasked: r.phoneMasked, userId: r.userId, weekdays: r.weekdays, date: r.date ?? '', start: r.start, end: r.end,
    })),
  };
}

/** A typed phone is sent in full; otherwise a saved row keeps its phone by id; a new row without one sends '' (the server says so beside it). */
const phoneOf = (r: { phone: string; keepId: string | null }) => {
  const typed = r.phone.trim();
  if (typed) return { phone: typed };
  return r.keepId ? { keepId: r.keepId } : { phone: '' };
};

export function settingsRequest(stepMinutes: number, contacts: ContactRow[], shifts: ShiftRow[]): PutUrgentSettingsRequest {
  return {
    stepMinutes,
    contacts: contacts.map((c) => ({ kind: c.kind, name: c.name.trim(), ...phoneOf(c), ...(c.userId ? { userId: c.userId } : {}) })),
    roster: shifts.map((s) => ({
      name: s.name.trim(), ...phoneOf(s), ...(s.userId ? { userId: s.userId } : {}),
      weekdays: s.date.trim() ? [] : [...s.weekdays].sort((a, b) => a - b), ...(s.date.trim() ? { date: s.date.trim() } : {}),
      start: s.start.trim(), end: s.end.trim(),
    })),
  };
}

/** Moves the item at `index` one place up (-1) or down (+1); out of range leaves the list as it is. */
export function move<T>(list: T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= list.length) return list;
  const out = [...list];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}
