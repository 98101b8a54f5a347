import type { TipSpanCandidate, TipSpanKind } from '@anxin/shared';

/**
 * Proposes the spans of a case text that may identify someone, for the designated contact to confirm or drop before
 * the case leaves the school (脱敏). A proposal only: patterns miss some names and catch some words, so the contact
 * decides every span by hand and nothing is masked until they save.
 */

const HAN = '\\u4e00-\\u9fff';
/** Characters that end a name rather than belong to it: "同学张三打我" proposes 张三, not 张三打. */
const NOT_NAME = new Set('我你他她它打骂说把和跟与的了在是也都就又被让给对向从们等还却很总老常一不有没要去来到拿抢推踢撞笑喊欺负');
/** Words that read as a name after 叫 but are not one. */
const NOT_NAMES = new Set(['家长', '老师', '同学', '我们', '他们', '她们', '大家', '别人', '班主任', '校长', '什么', '外号']);
/** Words that open the place phrase rather than belong to the address: "住在幸福路" proposes 幸福路. */
const ADDRESS_LEAD = /^.*(?:住|在|到|去|从|往|回|是|的|了|和|跟|对面|旁边|附近)/;

/** `group`: the span is that capture group; `whole`: a name match must be a name as it stands (no trimming). */
const PATTERNS: { kind: TipSpanKind; re: RegExp; group?: number; whole?: boolean }[] = [
  // 18-digit resident ID (last character may be X), then the old 15-digit form
  { kind: 'id_number', re: /(?<![0-9Xx])(?:\d{17}[\dXx]|\d{15})(?![0-9Xx])/g },
  { kind: 'phone', re: /(?<!\d)1[3-9]\d{9}(?!\d)/g },
  // QQ / WeChat ids after their name: "QQ 12345678", "微信号：abc_123", "vx: xyz123"
  { kind: 'social_id', re: /(?:QQ|qq|Qq|扣扣|微信号?|[vVwW][xX])\s*(?:号码|号)?\s*(?:是|为|[:：])?\s*([A-Za-z0-9_-]{5,20})/g, group: 1 },
  // a name after 同学 / 老师 / 叫 / 名叫 / 叫做
  { kind: 'name', re: new RegExp(`(?:同学|老师|名叫|叫做|叫)\\s?([${HAN}]{2,3})`, 'g'), group: 1 },
  // a name before 同学 / 老师 at the start of a phrase: "。张三同学"
  { kind: 'name', re: new RegExp(`(?<![${HAN}])([${HAN}]{2,3})(?=同学|老师)`, 'g'), group: 1, whole: true },
  // an address: a road / street / estate, with any number, building, unit and room after it, or a bare 3栋502室
  {
    kind: 'address',
    re: new RegExp(`[${HAN}A-Za-z0-9]{1,12}?(?:小区|花园|家园|公寓|新村|大院|路|街|巷|弄|胡同)(?:[0-9一二三四五六七八九十百零〇]+(?:号楼|号院|号|栋|幢|座|单元|楼|室|弄))*`, 'g'),
  },
  { kind: 'address', re: /\d+(?:号楼|栋|幢|座)(?:\d+(?:单元|楼|室|号))*/g },
];

function trimName(name: string): string | null {
  let n = name;
  while (n.length > 2 && NOT_NAME.has(n[n.length - 1])) n = n.slice(0, -1);
  if (n.length === 3 && NOT_NAME.has(n[2])) n = n.slice(0, 2);
  if (n.length < 2 || NOT_NAME.has(n[0]) || NOT_NAME.has(n[1]) || NOT_NAMES.has(n)) return null;
  return n;
}

/**
 * The proposed spans of `text`, in order, none overlapping (a longer span wins over one inside it). `rosterNames` are
 * the names of the school's students: each occurrence is proposed too.
 */
export function detectSpans(text: string, rosterNames: readonly string[] = []): TipSpanCandidate[] {
  const found: TipSpanCandidate[] = [];
  for (const { kind, re, group, whole } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let value = group ? m[group] : m[0];
      let start = group ? m.index + m[0].lastIndexOf(value) : m.index;
      if (kind === 'name') {
        // Before 同学/老师 the phrase must be the name itself ("课间有同学" is none).
        const n = whole && [...value].some((c) => NOT_NAME.has(c)) ? null : trimName(value);
        if (!n) continue;
        value = n;
      }
      if (kind === 'address') {
        const lead = ADDRESS_LEAD.exec(value)?.[0] ?? '';
        if (lead.length >= value.length - 1) continue;
        start += lead.length;
        value = value.slice(lead.length);
        if (value.length < 3) continue;
      }
      found.push({ kind, start, end: start + value.length });
    }
  }
  for (const name of new Set(rosterNames)) {
    if (name.length < 2) continue;
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) found.push({ kind: 'roster_name', start: i, end: i + name.length });
  }
  // Longest first, then keep what does not overlap a span already kept.
  found.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: TipSpanCandidate[] = [];
  for (const s of found) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start);
}
