import Taro from '@tarojs/taro';
import type { MeResponse } from '@anxin/shared';
import { currentSchool } from '../../state/session';

/**
 * Which school a tip goes to. In order: the page's `schoolId` (from 首页, a school's poster QR code or a
 * message), the user's own school (a bound child's, or a staff role's), the school chosen here before on
 * this device. A student with none of these finds the school with the class invite code.
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

export function resolveTipSchool(params: Record<string, string | undefined>, me: MeResponse): TipSchool | null {
  if (params.schoolId) return { id: params.schoolId, name: params.schoolName ? safeDecode(params.schoolName) : '' };
  return currentSchool(me) ?? rememberedSchool();
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
