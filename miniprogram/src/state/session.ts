import Taro from '@tarojs/taro';
import { Permission, PRIVACY_GUIDE_VERSION, ROLE_PERMISSIONS, type DemoRole, type MeResponse, type SessionResponse, type StaffRole } from '@anxin/shared';
import { acceptScannedSession, errorText, login, logout, onSession, onSignInByScan } from '../api/client';
import { identityApi } from '../api/identity';
import { storage } from '../api/storage';
import { createStore, useStore } from './store';

export interface SessionState {
  me: MeResponse | null;
  loading: boolean;
  error: string | null;
  /** The user chose 退出登录: do not log in again until they ask. */
  signedOut: boolean;
  /** A browser without the demo login (production h5): it signs in by scanning a code (components/BrowserSignIn). */
  signInByScan?: boolean;
}

export const sessionStore = createStore<SessionState>({ me: null, loading: false, error: null, signedOut: false });

onSession((s) => {
  if (s) sessionStore.set((p) => ({ ...p, me: s.user, error: null, signedOut: false, signInByScan: false }));
});

onSignInByScan(() => sessionStore.set((p) => ({ ...p, me: null, loading: false, error: null, signInByScan: true })));

/** The browser's code was confirmed on a phone: the session it brought, then the privacy consent as after any login. */
export async function signedInByScan(s: SessionResponse): Promise<void> {
  acceptScannedSession(s);
  await syncPrivacyConsent(s.user);
}

let loading: Promise<MeResponse | null> | null = null;

/** Loads /me (logging in first when there is no token). Pages call it after the privacy guide is accepted. */
export function loadMe(force = false): Promise<MeResponse | null> {
  const state = sessionStore.get();
  if (state.signedOut) return Promise.resolve(null);
  if (state.me && !force) return Promise.resolve(state.me);
  if (!loading) {
    sessionStore.set((p) => ({ ...p, loading: true, error: null }));
    loading = (async () => {
      try {
        const me = storage.getToken() ? await identityApi.me() : (await login()).user;
        sessionStore.set((p) => ({ ...p, me, loading: false, error: null }));
        await syncPrivacyConsent(me);
        return me;
      } catch (e) {
        sessionStore.set((p) => ({ ...p, loading: false, error: errorText(e) }));
        return null;
      } finally {
        loading = null;
      }
    })();
  }
  return loading;
}

/**
 * The person on this device agreed to the current privacy guide; make sure the server holds that consent for
 * the account now logged in (the first login after agreeing, or another demo role in the browser).
 */
async function syncPrivacyConsent(me: MeResponse): Promise<void> {
  if (!storage.hasAcceptedPrivacy() || me.privacyGuideAcceptedVersion === PRIVACY_GUIDE_VERSION) return;
  try {
    await identityApi.recordConsent({ kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION });
    sessionStore.set((p) => (p.me ? { ...p, me: { ...p.me, privacyGuideAcceptedVersion: PRIVACY_GUIDE_VERSION } } : p));
  } catch {
    // Recorded again at the next start; the device keeps the acceptance meanwhile.
  }
}

export async function signOut(): Promise<void> {
  await logout();
  sessionStore.set({ me: null, loading: false, error: null, signedOut: true });
}

export async function signInAgain(): Promise<void> {
  sessionStore.set((p) => ({ ...p, signedOut: false }));
  await loadMe(true);
}

/** Demo only: log in as another demo role and start over at 首页. */
export async function switchDemoRole(role: DemoRole): Promise<void> {
  storage.setDemoRole(role);
  storage.setToken(null);
  sessionStore.set({ me: null, loading: false, error: null, signedOut: false });
  await loadMe(true);
  await Taro.reLaunch({ url: '/pages/index/index' });
}

export const useSession = () => useStore(sessionStore);

// ---- what the user is --------------------------------------------------------------------------------

export function staffRoles(me: MeResponse | null): StaffRole[] {
  return me ? me.roles.map((r) => r.role) : [];
}

export function hasPermission(me: MeResponse | null, permission: Permission): boolean {
  return staffRoles(me).some((r) => ROLE_PERMISSIONS[r]?.includes(permission));
}

export function isStaff(me: MeResponse | null): boolean {
  return !!me && me.roles.length > 0;
}

/** The school the app is "about" for this user: a bound child's school first, then a staff role's school. */
export function currentSchool(me: MeResponse | null): { id: string; name: string } | null {
  if (!me) return null;
  const child = me.students.find((s) => s.status === 'approved') ?? me.students.find((s) => s.status === 'pending');
  if (child) return { id: child.schoolId, name: child.schoolName };
  const role = me.roles.find((r) => r.schoolId);
  if (role?.schoolId) return { id: role.schoolId, name: role.schoolName ?? '' };
  return me.schools[0] ?? null;
}

/**
 * The district this user is an officer of, and whether their role may manage it (the district's catalogue and rules).
 * Page modules export only their page on weapp, so this lives here for every district page.
 */
export function officerDistrict(me: MeResponse | null): { id: string; name: string; canManage: boolean } | null {
  const r = me?.roles.find((x) => x.role === 'district_officer' && x.districtId);
  return r?.districtId ? { id: r.districtId, name: r.districtName ?? '', canManage: !!ROLE_PERMISSIONS[r.role]?.includes(Permission.DISTRICT_MANAGE) } : null;
}

/** The school a staff member manages (their first school role). */
export function staffSchoolId(me: MeResponse | null): string | null {
  return me?.roles.find((r) => r.schoolId)?.schoolId ?? null;
}
