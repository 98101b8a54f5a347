/**
 * Where a printed poster's code leads, and the `scene` a WeChat mini-program code carries (WeChat allows 1–32
 * characters of letters, digits and a few symbols, so a 36-character UUID does not fit as it is). The server
 * writes the scene; the page the code opens reads it back with `parsePosterScene`.
 *
 * - a school's tip-box poster opens the tip box (`pages/tips/index`) with the scene = the school id without
 *   dashes (32 hex digits); its h5 link carries `?schoolId=<id>`, as every link into the tip box does;
 * - a class invite poster opens the binding page (`pages/bind/index`) with the scene `i.<invite code>`; its h5
 *   link carries `?code=<invite code>`.
 */
export const POSTER_PAGES = {
  school: 'pages/tips/index',
  invite: 'pages/bind/index',
} as const;

export type PosterTarget = { kind: 'school'; schoolId: string } | { kind: 'invite'; code: string };

export function posterScene(target: PosterTarget): string {
  return target.kind === 'school' ? target.schoolId.replace(/-/g, '').toLowerCase() : `i.${target.code}`;
}

/** The target a scene names, or null for anything else (a scene is user-controlled input: check it). */
export function parsePosterScene(raw: string | undefined | null): PosterTarget | null {
  if (!raw) return null;
  let scene = raw;
  try {
    scene = decodeURIComponent(raw); // WeChat hands the scene to the page URL-encoded
  } catch {
    return null;
  }
  const hex = /^[0-9a-f]{32}$/i.exec(scene)?.[0].toLowerCase();
  if (hex) {
    return { kind: 'school', schoolId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
  }
  const code = /^i\.([A-Z0-9]{4,16})$/.exec(scene)?.[1];
  return code ? { kind: 'invite', code } : null;
}

/** The h5 page path (after `#/`) a poster's plain QR code opens when it carries a link instead of a mini-program code. */
export function posterH5Path(target: PosterTarget): string {
  return target.kind === 'school'
    ? `${POSTER_PAGES.school}?schoolId=${encodeURIComponent(target.schoolId)}`
    : `${POSTER_PAGES.invite}?code=${encodeURIComponent(target.code)}`;
}
