import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { MeResponse, ShareSubjectKind } from '@anxin/shared';
import { reportShareOpen, sharesApi } from '../api/shares';

/**
 * Share cards into WeChat groups (docs/SHARING.md). `withShareTicket` makes WeChat give whoever opens the card
 * from a group a share ticket, which is how the school learns which group the card reached. h5 has no share menu.
 */
export function enableGroupShareMenu(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  void Promise.resolve(Taro.showShareMenu?.({ withShareTicket: true })).catch(() => undefined);
}

/** Does this user have a tie to the school that lets them share its tip-box card (staff, or a bound guardian)? */
export function maySharePublicCard(me: MeResponse | null, schoolId: string | null): boolean {
  if (!me || !schoolId) return false;
  return me.roles.some((r) => r.schoolId === schoolId) || me.students.some((s) => s.schoolId === schoolId && s.status === 'approved');
}

/** The share id of a subject (null until known, or when the user may not share it: the card then has none). */
export function useShareId(kind: ShareSubjectKind, subjectId: string | null, enabled: boolean): string | null {
  const [shareId, setShareId] = useState<string | null>(null);
  useEffect(() => {
    setShareId(null);
    if (!enabled || !subjectId) return;
    let live = true;
    sharesApi.create(kind, subjectId).then((s) => live && setShareId(s.id), () => undefined);
    return () => {
      live = false;
    };
  }, [kind, subjectId, enabled]);
  return shareId;
}

/** Reports, once per page, that the user opened a share card (`?share=<id>` in the page's query) once `ready`. */
export function useShareOpenReport(shareId: string | undefined, ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!ready || !shareId || done.current) return;
    done.current = true;
    void reportShareOpen(shareId);
  }, [shareId, ready]);
}
