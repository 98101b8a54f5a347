import Taro from '@tarojs/taro';
import { parsePosterScene, type MeResponse } from '@anxin/shared';
import { lastSeenSchoolCard } from '../../state/school-card';
import { currentSchool } from '../../state/session';

/**
 * Which school a tip goes to. In order: the page's `schoolId` (from 首页, a school poster's h5 QR code or a
 * message) or the `scene` of a school poster's mini-program code, the user's own school (a bound child's, or a staff role's; unknown while there is no session), the
 * school chosen here before on this device, the school whose contact card this device saw last. A student with
 * none of these finds the school with the class invite code.
 */
export interface TipSchool { id: string; name: string }

const KEY = 'anxin.tipSchool';

export function rememberedSchool(): TipSchool | null {
  try {
    const raw = Taro.getStorageSync(KEY);
    const v = typeof raw === 'string' && raw ? (JSON.parse(raw) as TipSchool) : null;
    return v && typeof v.id === 'string' && v.id ? { id: v.id, name: typeof v.name === 'string' ? v.name : '' } : null;
  } catch {
    return null;
  }
}

export function rememberSchool(s: TipSchool | null): void {
  try {
    if (s) Taro.setStorageSync(KEY, JSON.stringify(s));
    else Taro.removeStorageSync(KEY);
  } catch {
    // not kept: asked again next time
  }
}

export function resolveTipSchool(params: Record<string, string | undefined>, me: MeResponse | null): TipSchool | null {
  if (params.schoolId) return { id: params.schoolId, name: params.schoolName ? safeDecode(params.schoolName) : '' };
  // A school poster's mini-program code names the school in its `scene`.
  const poster = parsePosterScene(params.scene);
  if (poster?.kind === 'school') return { id: poster.schoolId, name: '' };
  const seen = lastSeenSchoolCard()?.card;
  return currentSchool(me) ?? rememberedSchool() ?? (seen ? { id: seen.id, name: seen.name } : null);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
