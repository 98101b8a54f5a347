import Taro from '@tarojs/taro';
import type { MeResponse } from '@anxin/shared';
import { storage } from '../../api/storage';

/**
 * Whose home page 首页 is. Staff and guardians are known from their account (roles, bound children); a student has
 * neither, and a new guardian has not bound a child yet, so a person with neither says once on this device that they
 * are a student (kept here, nothing is sent). In the demo, the role chosen in the banner decides.
 */
export type HomeAudience = 'district' | 'student' | 'guardian';

const KEY = 'anxin.homeAudience';

export function rememberStudent(on: boolean): void {
  try {
    if (on) Taro.setStorageSync(KEY, 'student');
    else Taro.removeStorageSync(KEY);
  } catch {
    // not kept: the choice is offered again
  }
}

function saidStudent(): boolean {
  try {
    return Taro.getStorageSync(KEY) === 'student';
  } catch {
    return false;
  }
}

export function homeAudience(me: MeResponse): HomeAudience {
  if (me.roles.length > 0) {
    const districtOnly = me.roles.every((r) => r.role === 'district_officer');
    return districtOnly ? 'district' : 'guardian';
  }
  if (me.students.length > 0) return 'guardian';
  if (me.isDemo) return storage.getDemoRole() === 'student' ? 'student' : 'guardian';
  return saidStudent() ? 'student' : 'guardian';
}
