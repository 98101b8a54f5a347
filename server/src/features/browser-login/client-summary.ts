import { isIP } from 'node:net';

/**
 * What the phone is shown about a browser asking to sign in, and what 已登录的电脑 lists: a summary of its user agent
 * (`Chrome · Windows`) and its network, coarse (`网络 203.0.*.*`). Neither the address nor the user agent itself is
 * kept or logged; no geo-IP database is used, so "where" is only as precise as the network's first half.
 */
export const UNKNOWN_LOCATION = '未知位置';
const UNKNOWN_BROWSER = '未知浏览器';
/** Both summaries fit the 64-character columns that keep them. */
const SUMMARY_MAX = 64;

/** First match wins: browsers built on Chromium say Chrome too, so they come before it. */
const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, '微信'],
  [/wxwork\//i, '企业微信'],
  [/DingTalk/i, '钉钉'],
  [/QQBrowser\//, 'QQ浏览器'],
  [/\bQQ\//, 'QQ'],
  [/UCBrowser\//, 'UC浏览器'],
  [/360SE|360EE|QIHU 360/i, '360浏览器'],
  [/SE 2\.X MetaSr/, '搜狗浏览器'],
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Version\/[\d.]+.*Safari\//, 'Safari'],
  [/Trident\/|MSIE /, 'IE'],
];

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/i, 'HarmonyOS'],
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux|X11/, 'Linux'],
];

/** `Chrome · Windows`, `Safari · macOS`, `Firefox`, or `未知浏览器`. */
export function summarizeUserAgent(userAgent: string | string[] | undefined): string {
  const ua = typeof userAgent === 'string' ? userAgent.slice(0, 1024) : '';
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  if (!browser && !system) return UNKNOWN_BROWSER;
  return [browser ?? UNKNOWN_BROWSER, system].filter(Boolean).join(' · ').slice(0, SUMMARY_MAX);
}

/**
 * The network an address belongs to, coarse: an IPv4 /16 (`网络 203.0.*.*`), an IPv6 /32 (`网络 2001:db8::/32`),
 * `内网 192.168.*.*` for private ranges, `本机` for loopback, `未知位置` for anything else.
 */
export function coarseLocation(address: string | undefined): string {
  let ip = (address ?? '').trim();
  if (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  const kind = isIP(ip);
  if (kind === 4) {
    const [a, b] = ip.split('.').map(Number);
    if (a === 127) return '本机';
    const net = `${a}.${b}.*.*`;
    const privateNet = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
    return privateNet ? `内网 ${net}` : a === 0 || a >= 224 ? UNKNOWN_LOCATION : `网络 ${net}`;
  }
  if (kind === 6) {
    const groups = expandIpv6(ip);
    if (!groups) return UNKNOWN_LOCATION;
    if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return '本机';
    const first = groups[0];
    if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return '内网';
    return `网络 ${first.toString(16)}:${groups[1].toString(16)}::/32`;
  }
  return UNKNOWN_LOCATION;
}

/** The eight 16-bit groups of an IPv6 address (without a zone), or null. */
function expandIpv6(ip: string): number[] | null {
  const bare = ip.split('%')[0];
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, null];
  const parse = (part: string) => (part ? part.split(':') : []);
  const left = parse(head);
  const right = tail === null ? [] : parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 was handled above; others are rare): two groups.
  const last = (tail === null ? left : right).at(-1);
  if (last && last.includes('.')) return null;
  const missing = 8 - left.length - right.length;
  if (tail === null ? missing !== 0 : missing < 0) return null;
  const groups = [...left, ...Array<string>(tail === null ? 0 : missing).fill('0'), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
