/**
 * Stand-in for @tarojs/taro in jest: every API a jest.fn(), storage kept in a Map, page hooks that record
 * their callbacks so a test can fire "page hidden" and "page shown" (`firePageShow`). Tests set behaviour with mockImplementation.
 */
import { jest } from '@jest/globals';
import { useEffect } from 'react';

export const memoryStorage = new Map<string, unknown>();
export const didShowCallbacks = new Set<() => void>();
export const didHideCallbacks = new Set<() => void>();
export const routerParams: { current: Record<string, string> } = { current: {} };

const ok = () => Promise.resolve({ errMsg: 'ok' });

const Taro = {
  request: jest.fn<(o: any) => Promise<{ statusCode: number; data: unknown }>>(),
  uploadFile: jest.fn<(o: any) => Promise<{ statusCode: number; data: string }>>(),
  login: jest.fn<() => Promise<{ code: string }>>(),
  getStorageSync: jest.fn((key: string) => (memoryStorage.has(key) ? memoryStorage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    memoryStorage.set(key, value);
  }),
  removeStorageSync: jest.fn((key: string) => {
    memoryStorage.delete(key);
  }),
  showToast: jest.fn(ok),
  showModal: jest.fn(() => Promise.resolve({ confirm: true, cancel: false })),
  makePhoneCall: jest.fn(ok),
  navigateTo: jest.fn(ok),
  switchTab: jest.fn(ok),
  reLaunch: jest.fn(ok),
  scanCode: jest.fn<() => Promise<{ result: string }>>(),
  setClipboardData: jest.fn<(o: { data: string }) => Promise<{ errMsg: string }>>(),
  chooseMessageFile: jest.fn<() => Promise<{ tempFiles: { path: string; name: string }[] }>>(),
  downloadFile: jest.fn<(o: any) => Promise<{ statusCode: number; tempFilePath: string }>>(),
  openDocument: jest.fn<(o: any) => Promise<{ errMsg: string }>>(),
  getFileSystemManager: jest.fn<() => { readFileSync: (path: string, encoding?: string) => string }>(),
  setTabBarBadge: jest.fn(ok),
  removeTabBarBadge: jest.fn(ok),
  openPrivacyContract: jest.fn(ok),
  onNeedPrivacyAuthorization: jest.fn(),
  requestSubscribeMessage: jest.fn<(o: any) => Promise<Record<string, string>>>(),
  showShareMenu: jest.fn<(o: any) => Promise<{ errMsg: string }>>(),
  getEnterOptionsSync: jest.fn<() => { path?: string; query?: Record<string, string>; shareTicket?: string }>(),
  getLaunchOptionsSync: jest.fn<() => { path?: string; query?: Record<string, string>; shareTicket?: string }>(),
  getGroupEnterInfo: jest.fn<(o: any) => Promise<{ encryptedData: string; iv: string; errMsg: string }>>(),
  getShareInfo: jest.fn<(o: any) => Promise<{ encryptedData: string; iv: string; errMsg: string }>>(),
};

/** The last share card a page offered (its useShareAppMessage callback), for tests to call. */
export const shareAppMessage: { current: (() => { title?: string; path?: string }) | null } = { current: null };
export function useShareAppMessage(fn: () => { title?: string; path?: string }) {
  shareAppMessage.current = fn;
}

export function useDidShow(fn: () => void) {
  useEffect(() => {
    didShowCallbacks.add(fn);
    return () => {
      didShowCallbacks.delete(fn);
    };
  });
}
export function useDidHide(fn: () => void) {
  useEffect(() => {
    didHideCallbacks.add(fn);
    return () => {
      didHideCallbacks.delete(fn);
    };
  });
}
/** What Taro does when the page is left for another page, then shown again (or, with `hide: false`, only shown). */
export function firePageShow(options: { hide?: boolean } = {}) {
  if (options.hide !== false) didHideCallbacks.forEach((fn) => fn());
  didShowCallbacks.forEach((fn) => fn());
}
export function useLaunch(fn: () => void) {
  useEffect(() => fn(), []);
}
export function useLoad(fn: (params: Record<string, string>) => void) {
  useEffect(() => fn(routerParams.current), []);
}
export function useRouter() {
  return { params: routerParams.current, path: '' };
}

/** Clears calls, implementations and storage between tests. */
export function resetTaro() {
  Object.values(Taro).forEach((f) => (f as { mockReset?: () => void }).mockReset?.());
  Taro.getStorageSync.mockImplementation((key: string) => (memoryStorage.has(key) ? memoryStorage.get(key) : ''));
  Taro.setStorageSync.mockImplementation((key: string, value: unknown) => {
    memoryStorage.set(key, value);
  });
  Taro.removeStorageSync.mockImplementation((key: string) => {
    memoryStorage.delete(key);
  });
  for (const f of [Taro.showToast, Taro.makePhoneCall, Taro.navigateTo, Taro.switchTab, Taro.reLaunch, Taro.setTabBarBadge, Taro.removeTabBarBadge, Taro.openPrivacyContract]) {
    f.mockImplementation(ok);
  }
  Taro.showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }));
  memoryStorage.clear();
  didShowCallbacks.clear();
  didHideCallbacks.clear();
  routerParams.current = {};
  shareAppMessage.current = null;
}

export default Taro;
