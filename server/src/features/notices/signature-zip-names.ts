/** Characters no file name may hold on Windows, macOS or Linux, control and direction-changing characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Names Windows reserves for devices, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const PART_MAX = 40;

/** One part of a path inside the zip: unsafe characters become `_`, spaces fold, no leading or trailing dots. */
export function zipNamePart(raw: string, fallback: string): string {
  let s = raw.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim().replace(/^[.\s]+|[.\s]+$/g, '');
  s = [...s].slice(0, PART_MAX).join('').trim();
  if (!s || /^_+$/.test(s)) return fallback;
  return RESERVED.test(s) ? `_${s}` : s;
}

/**
 * The file names of a signatures zip: `<class>/<child>-<relation>.png`, each part made safe (zipNamePart), and unique
 * in the archive ignoring case (two guardians of one child with the same relation, or two children of one name,
 * become `…-2.png`, `…-3.png`).
 */
export class SignatureZipNames {
  private readonly taken = new Set<string>();

  take(className: string, childName: string, relationLabel: string): string {
    const dir = zipNamePart(className, '班级');
    const base = `${zipNamePart(childName, '学生')}-${zipNamePart(relationLabel, '家长')}`;
    for (let n = 1; ; n++) {
      const name = `${dir}/${n === 1 ? base : `${base}-${n}`}.png`;
      if (!this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}
