export const API_PREFIX = '/api/v1';

/** Emergency numbers shown on every school's public card and on the "我现在有危险" screen. */
export const EMERGENCY_NUMBERS = [
  { name: '报警电话', number: '110' },
  { name: '青少年维权热线', number: '12355' },
] as const;

/** Version of the privacy guide / guardian consent text the client shows; consents record it. */
export const PRIVACY_GUIDE_VERSION = '2026-11';
export const CHILD_DATA_CONSENT_VERSION = '2026-11';

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';
