import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { SchoolPublicResponse } from '@anxin/shared';
import { schoolsApi } from '../api/schools';

/**
 * The school contact's card (GET /schools/{id}/public), kept on the device the first time it is seen, so the
 * danger screen can show the contact's phone when there is no network or no session. The card is public
 * information (the school's name, the designated contact's name and phone); nothing about the user is kept.
 * The emergency numbers are constants of the app (EMERGENCY_NUMBERS) and are not part of the cache.
 */
export type SchoolCard = Pick<SchoolPublicResponse, 'id' | 'name' | 'contact'>;

export interface CachedSchoolCard {
  card: SchoolCard;
  /** When this device last got the card from the server (ISO, UTC). */
  savedAt: string;
}

const KEY = 'anxin.schoolCards';
/** A family with children in two schools, plus a poster or two: a few schools are plenty. */
const MAX_CARDS = 5;

function readAll(): CachedSchoolCard[] {
  try {
    const raw = Taro.getStorageSync(KEY);
    const list: unknown = typeof raw === 'string' && raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter(isCachedCard) : [];
  } catch {
    return [];
  }
}

function isCachedCard(v: unknown): v is CachedSchoolCard {
  const c = v as CachedSchoolCard | null;
  if (!c || typeof c !== 'object' || typeof c.savedAt !== 'string' || !c.card || typeof c.card.id !== 'string') return false;
  const contact = c.card.contact;
  return contact === null || (typeof contact === 'object' && typeof contact.name === 'string' && typeof contact.phone === 'string');
}

/** The card of `schoolId` as last seen on this device. */
export function cachedSchoolCard(schoolId: string): CachedSchoolCard | null {
  return readAll().find((c) => c.card.id === schoolId) ?? null;
}

/** The card seen most recently on this device (the school a cold start with no session is about). */
export function lastSeenSchoolCard(): CachedSchoolCard | null {
  return readAll()[0] ?? null;
}

/** Keeps the card just fetched, newest first. */
export function saveSchoolCard(card: SchoolCard, now: Date = new Date()): CachedSchoolCard {
  const entry: CachedSchoolCard = {
    card: { id: card.id, name: card.name, contact: card.contact ? { name: card.contact.name, phone: card.contact.phone } : null },
    savedAt: now.toISOString(),
  };
  const list = [entry, ...readAll().filter((c) => c.card.id !== card.id)].slice(0, MAX_CARDS);
  try {
    Taro.setStorageSync(KEY, JSON.stringify(list));
  } catch {
    // Storage full or unavailable: the card is shown now, just not kept for later.
  }
  return entry;
}

export interface SchoolCardView {
  /** The card to show: fetched just now, or the device's copy while fetching or when fetching failed. */
  card: SchoolCard | null;
  /** When the card shown is the device's copy: when it was saved (null for a card fetched just now). */
  cachedAt: string | null;
  loading: boolean;
  /** Why the last fetch failed (an ApiError); null while loading and after a success. */
  error: unknown;
  /** Fetches the card again (the page was shown again). */
  reload: () => void;
}

/**
 * The card of `schoolId`: the device's copy at once, then the server's (which replaces the copy). With
 * `fetch: false` (the privacy guide is not yet agreed to) nothing is sent and only the copy is shown.
 */
export function useSchoolCard(schoolId: string | null, opts: { fetch: boolean }): SchoolCardView {
  const fromCache = (id: string | null) => {
    const cached = id ? cachedSchoolCard(id) : null;
    return { card: cached?.card ?? null, cachedAt: cached?.savedAt ?? null, loading: false, error: null as unknown };
  };
  const [state, setState] = useState(() => fromCache(schoolId));
  // Only the answer to the latest request counts (the school can change while one is in flight).
  const latest = useRef(0);

  const load = useCallback(() => {
    const request = ++latest.current;
    if (!schoolId || !opts.fetch) return;
    setState((s) => ({ ...s, loading: true, error: null }));
    schoolsApi.publicCard(schoolId).then(
      (card) => {
        if (request !== latest.current) return;
        saveSchoolCard(card);
        setState({ card: { id: card.id, name: card.name, contact: card.contact }, cachedAt: null, loading: false, error: null });
      },
      (error: unknown) => {
        if (request !== latest.current) return;
        setState((s) => ({ ...s, loading: false, error }));
      },
    );
  }, [schoolId, opts.fetch]);

  useEffect(() => {
    setState(fromCache(schoolId));
    load();
    return () => {
      latest.current++;
    };
  }, [load]);

  return { ...state, reload: load };
}
