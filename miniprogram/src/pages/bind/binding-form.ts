import { FIELD_LIMITS, INVITE_CODE_PATTERN, normalizeCode, parsePosterScene, type Relation } from '@anxin/shared';

/** The 绑定孩子 form's state and its rules (kept apart from the page so they read, and test, on their own). */
export interface BindingForm {
  code: string;
  studentId: string | null;
  maskedName: string | null;
  fullName: string;
  relation: Relation | null;
  phone: string;
  consent: boolean;
}

export type BindingFormErrors = Partial<Record<'code' | 'studentId' | 'fullName' | 'relation' | 'phone' | 'consent', string>>;

export const emptyForm = (code = ''): BindingForm => ({
  code, studentId: null, maskedName: null, fullName: '', relation: null, phone: '', consent: false,
});

const INVITE_CODE_HINT = `邀请码由 ${FIELD_LIMITS.inviteCodeMin}–${FIELD_LIMITS.inviteCodeMax} 位字母或数字组成`;

export function validateCode(raw: string): string | null {
  const code = normalizeCode(raw);
  if (!code) return '请输入班级邀请码';
  if (!INVITE_CODE_PATTERN.test(code)) return INVITE_CODE_HINT;
  return null;
}

/**
 * The scanner gets whatever the QR code holds: the bare code, or a link/payload carrying it
 * (`…?code=XXXX`, `anxin:invite:XXXX`, `…/invite/XXXX`). Returns the code or null.
 */
export function codeFromScan(result: string): string | null {
  const text = result.trim();
  const param = /[?&#]code=([A-Za-z0-9-]+)/.exec(text);
  if (param) return normalizeCode(param[1]);
  const last = text.split(/[/:=]/).filter(Boolean).pop() ?? '';
  return INVITE_CODE_PATTERN.test(last.toUpperCase()) ? last.toUpperCase() : null;
}

/**
 * The code a page link carries: `?code=XXXX` (a poster's h5 link) or the `scene` of a class poster's mini-program
 * code (`i.XXXX`, see parsePosterScene). Null when the page was opened without one.
 */
export function codeFromPageParams(params: Record<string, string | undefined>): string | null {
  if (params.code) {
    const code = normalizeCode(safeDecode(params.code));
    return validateCode(code) ? null : code;
  }
  const target = parsePosterScene(params.scene);
  return target?.kind === 'invite' ? target.code : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Does a typed full name fit the masked one (王*明: same length, the shown characters in place)? */
export function nameMatchesMask(fullName: string, masked: string): boolean {
  const name = [...fullName.trim()];
  const mask = [...masked];
  if (name.length !== mask.length) return false;
  return mask.every((ch, i) => ch === '*' || ch === '＊' || ch === name[i]);
}

export function validateBindingForm(f: BindingForm): BindingFormErrors {
  const errors: BindingFormErrors = {};
  const codeError = validateCode(f.code);
  if (codeError) errors.code = codeError;
  if (!f.studentId) errors.studentId = '请选择您的孩子';
  const name = f.fullName.trim();
  if (!name) errors.fullName = '请输入孩子的完整姓名';
  else if (f.maskedName && !nameMatchesMask(name, f.maskedName)) errors.fullName = `姓名与所选的“${f.maskedName}”不一致`;
  if (!f.relation) errors.relation = '请选择您与孩子的关系';
  const phone = f.phone.replace(/\s/g, '');
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) errors.phone = '请输入 11 位手机号，或留空';
  if (!f.consent) errors.consent = '需要您同意后才能绑定';
  return errors;
}
