import { canonicalJson } from './notice-body';
import type { PledgeDiffEntry, PledgeText } from './api/pledges';
import { PLEDGE_YOUNG_GRADE_MAX } from './api/pledges';

/**
 * The one owner of a pledge text's hash, its parts per grade and its paragraph diff: the server stores the hash with
 * every signature and the app shows and checks the same values.
 */

/** The UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/**
 * SHA-256 (hex) of a string's UTF-8 bytes, in plain JavaScript: the WeChat runtime has neither node:crypto nor
 * (everywhere) crypto.subtle. The server's node:crypto gives the same value (shared/test/pledge-text.spec.ts).
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256Bytes(utf8Bytes(text)));
}

/** Bytes as lower-case hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 of bytes (what sha256Hex hashes; Merkle nodes are hashed over raw bytes, seal-proof.ts). */
export function sha256Bytes(bytes: Uint8Array): Uint8Array {
  const bitLen = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const w = new Array<number>(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + t * 4);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[t] + w[t]) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
  }
  const out = new Uint8Array(32);
  const view32 = new DataView(out.buffer);
  h.forEach((x, i) => view32.setUint32(i * 4, x >>> 0));
  return out;
}

/**
 * A pledge text as it is stored and hashed: each part's line endings made `\n`, its ends trimmed, and `studentYoung`
 * left out when empty.
 */
export function normalizePledgeText(text: PledgeText): PledgeText {
  const clean = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  const young = text.studentYoung === undefined ? '' : clean(text.studentYoung);
  return {
    school: clean(text.school),
    guardian: clean(text.guardian),
    student: clean(text.student),
    ...(young ? { studentYoung: young } : {}),
  };
}

/** SHA-256 (hex) of the canonical JSON of the normalized text: what every signature of a version keeps. */
export function pledgeTextHash(text: PledgeText): string {
  return sha256Hex(canonicalJson(normalizePledgeText(text)));
}

/**
 * The parts a child of this grade reads: `studentYoung` instead of `student` for grades 1–3 when the version has it
 * (grade 0, a grade whose year is unknown, reads `student`).
 */
export function pledgeTextForGrade(text: PledgeText, gradeNumber: number): { school: string; guardian: string; student: string } {
  const young = gradeNumber >= 1 && gradeNumber <= PLEDGE_YOUNG_GRADE_MAX && !!text.studentYoung;
  return { school: text.school, guardian: text.guardian, student: young ? text.studentYoung! : text.student };
}

/** The paragraphs of a text: split at blank lines, each trimmed, empty ones dropped. */
export function pledgeParagraphs(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/).map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * A paragraph diff from `before` to `after` (longest common subsequence): `same`, `removed` (only in before) and
 * `added` (only in after) entries in reading order, removals before the additions that replace them.
 */
export function paragraphDiff(before: string[], after: string[]): PledgeDiffEntry[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: PledgeDiffEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: 'same', text: before[i] });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ op: 'removed', text: before[i++] });
    } else {
      out.push({ op: 'added', text: after[j++] });
    }
  }
  return out;
}

/** The diff a guardian reads before signing again: the parts for the child's grade, paragraph by paragraph. */
export function pledgeTextDiff(before: PledgeText, after: PledgeText, gradeNumber: number): PledgeDiffEntry[] {
  const paras = (t: PledgeText) => {
    const parts = pledgeTextForGrade(t, gradeNumber);
    return [...pledgeParagraphs(parts.school), ...pledgeParagraphs(parts.guardian), ...pledgeParagraphs(parts.student)];
  };
  return paragraphDiff(paras(before), paras(after));
}
