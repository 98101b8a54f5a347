import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { storage } from '../api/storage';
import { createStore, useStore } from './store';
import { loadMe } from './session';

/**
 * The privacy guide (用户隐私保护指引) comes before anything else. h5: a first-run consent page. weapp: the
 * same page, whose 同意 button has open-type="agreePrivacyAuthorization", plus wx.onNeedPrivacyAuthorization
 * for privacy APIs called before that (scanCode, chooseMessageFile …) — it shows a sheet with the same button.
 * Agreement is recorded on the server: POST /me/consents {kind:'privacy_guide', version}.
 */
export const privacyAcceptedStore = createStore<boolean>(storage.hasAcceptedPrivacy());
export const usePrivacyAccepted = () => useStore(privacyAcceptedStore);

type Resolve = (o: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;
/** A WeChat privacy API waiting for the user's answer (weapp only). */
export const pendingPrivacyStore = createStore<Resolve | null>(null);
export const usePendingPrivacy = () => useStore(pendingPrivacyStore);

export const PRIVACY_AGREE_BUTTON_ID = 'anxin-privacy-agree';

export async function acceptPrivacy(): Promise<void> {
  storage.setPrivacyAccepted(PRIVACY_GUIDE_VERSION);
  privacyAcceptedStore.set(true);
  const pending = pendingPrivacyStore.get();
  if (pending) {
    pending({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
    pendingPrivacyStore.set(null);
  }
  // loadMe logs in if needed and records the consent on the server (session.syncPrivacyConsent).
  await loadMe(true);
}

export function declinePendingPrivacy(): void {
  const pending = pendingPrivacyStore.get();
  if (pending) pending({ event: 'disagree' });
  pendingPrivacyStore.set(null);
}

/** weapp: called once at launch. */
export function listenForPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  const t = Taro as unknown as { onNeedPrivacyAuthorization?: (l: (resolve: Resolve) => void) => void };
  t.onNeedPrivacyAuthorization?.((resolve) => {
    resolve({ event: 'exposureAuthorization' });
    pendingPrivacyStore.set(() => resolve);
  });
}
