import Taro from '@tarojs/taro';
import { DemoRole, PRIVACY_GUIDE_VERSION } from '@anxin/shared';

/** Everything the app keeps on the device, under one prefix. Nothing personal beyond the session token. */
const KEY = {
  token: 'anxin.token',
  demoRole: 'anxin.demoRole',
  elderMode: 'anxin.elderMode',
  privacyAccepted: 'anxin.privacyAcceptedVersion',
} as const;

function read(key: string): string {
  try {
    const v = Taro.getStorageSync(key);
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) Taro.removeStorageSync(key);
    else Taro.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable: the app keeps working for this session.
  }
}

export const storage = {
  getToken: (): string | null => read(KEY.token) || null,
  setToken: (token: string | null) => write(KEY.token, token),
  getDemoRole: (): DemoRole => {
    const v = read(KEY.demoRole);
    return (Object.values(DemoRole) as string[]).includes(v) ? (v as DemoRole) : DemoRole.GUARDIAN;
  },
  setDemoRole: (role: DemoRole) => write(KEY.demoRole, role),
  getElderMode: (): boolean => read(KEY.elderMode) === '1',
  setElderMode: (on: boolean) => write(KEY.elderMode, on ? '1' : '0'),
  /** The privacy guide version this device's user agreed to (checked against PRIVACY_GUIDE_VERSION). */
  hasAcceptedPrivacy: (): boolean => read(KEY.privacyAccepted) === PRIVACY_GUIDE_VERSION,
  setPrivacyAccepted: (version: string | null) => write(KEY.privacyAccepted, version),
};
