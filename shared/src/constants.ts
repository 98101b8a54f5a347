export const API_PREFIX = '/api/v1';

/** Emergency numbers shown on every school's public card and on the "我现在有危险" screen. */
export const EMERGENCY_NUMBERS = [
  { name: '报警电话', number: '110' },
  { name: '青少年维权热线', number: '12355' },
] as const;

/**
 * Version of the privacy texts a user agrees to as the app opens: the privacy guide with the 隐私政策 and the
 * 儿童个人信息保护规则 (shared/src/policies.ts), which share this one version. Consents record it; a new version asks
 * every user again the next time they open the app (the device's stored agreement no longer matches).
 */
export const PRIVACY_GUIDE_VERSION = '2026-12';
export const CHILD_DATA_CONSENT_VERSION = '2026-11';

/** What a consent is given to: the privacy guide, or a guardian's consent to processing one child's data. */
export type ConsentKind = 'privacy_guide' | 'child_data';
export const CONSENT_KINDS: readonly ConsentKind[] = ['privacy_guide', 'child_data'];

/**
 * Every text version of each consent that has ever been shown, oldest first; the last is the current one. A consent
 * naming a version not listed here is refused (400): a version is a text someone read, never any string. Add the new
 * version here when a text changes, and keep the old ones (recorded consents name them).
 */
export const CONSENT_VERSIONS: Readonly<Record<ConsentKind, readonly string[]>> = {
  privacy_guide: ['2026-11', PRIVACY_GUIDE_VERSION],
  child_data: [CHILD_DATA_CONSENT_VERSION],
};

export function isKnownConsentVersion(kind: unknown, version: unknown): boolean {
  return typeof version === 'string' && (CONSENT_KINDS as readonly unknown[]).includes(kind) && CONSENT_VERSIONS[kind as ConsentKind].includes(version);
}
