import type { SignPledgeRequest } from '@anxin/shared';

/**
 * The steps of signing a pledge for one child, apart from any page so they can be tested: the guardian reads the text
 * to its end, signs, hands the phone to the child to sign on a fresh pad (when the child's grade signs too), checks a
 * summary with both signatures and submits. Each signature is kept as the trimmed PNG (base64) the pad made.
 */
export type SignStep = 'guardian' | 'student' | 'summary' | 'done';

export interface SignFlow {
  step: SignStep;
  /** The text was scrolled to its end: the guardian's pad is open (and stays open). */
  readToEnd: boolean;
  studentPartRequired: boolean;
  guardianPng: string | null;
  studentPng: string | null;
  /** The child-data consent ticked (asked on the summary when the server needs it). */
  consent: boolean;
}

export type SignAction =
  /** The pledge was (re)loaded: start over, knowing whether the child signs too. */
  | { type: 'start'; studentPartRequired: boolean }
  | { type: 'readToEnd' }
  | { type: 'guardianSigned'; png: string }
  | { type: 'studentSigned'; png: string }
  /** One step back: the signature of the step returned to is dropped, to be drawn again on a fresh pad. */
  | { type: 'back' }
  /** 重新签名 from the summary: both signatures dropped, back to the guardian's pad. */
  | { type: 'restart' }
  | { type: 'consent'; on: boolean }
  | { type: 'submitted' };

export function startFlow(studentPartRequired: boolean): SignFlow {
  return { step: 'guardian', readToEnd: false, studentPartRequired, guardianPng: null, studentPng: null, consent: false };
}

export function signFlow(s: SignFlow, a: SignAction): SignFlow {
  switch (a.type) {
    case 'start':
      return startFlow(a.studentPartRequired);
    case 'readToEnd':
      return s.readToEnd ? s : { ...s, readToEnd: true };
    case 'guardianSigned':
      if (s.step !== 'guardian' || !s.readToEnd) return s;
      return { ...s, guardianPng: a.png, step: s.studentPartRequired ? 'student' : 'summary' };
    case 'studentSigned':
      if (s.step !== 'student') return s;
      return { ...s, studentPng: a.png, step: 'summary' };
    case 'back':
      if (s.step === 'student') return { ...s, step: 'guardian', guardianPng: null };
      if (s.step === 'summary') {
        return s.studentPartRequired ? { ...s, step: 'student', studentPng: null } : { ...s, step: 'guardian', guardianPng: null };
      }
      return s;
    case 'restart':
      return s.step === 'done' ? s : { ...s, step: 'guardian', guardianPng: null, studentPng: null };
    case 'consent':
      return { ...s, consent: a.on };
    case 'submitted':
      return s.step === 'summary' ? { ...s, step: 'done' } : s;
  }
}

/** Where the guardian is, as the page's step line says it (第 1 步，共 3 步：家长签名). */
export function stepTitle(s: SignFlow): { n: number; of: number; title: string } {
  const of = s.studentPartRequired ? 3 : 2;
  if (s.step === 'guardian') return { n: 1, of, title: '家长签名' };
  if (s.step === 'student') return { n: 2, of, title: '请孩子签名' };
  return { n: of, of, title: s.step === 'done' ? '已提交' : '核对并提交' };
}

/** What is still missing before 提交 can be tapped, or null. */
export function submitBlocker(s: SignFlow, consentNeeded: boolean): string | null {
  if (!s.guardianPng) return '请先完成家长签名';
  if (s.studentPartRequired && !s.studentPng) return '请孩子签名后再提交';
  if (consentNeeded && !s.consent) return '请先勾选同意处理孩子的信息';
  return null;
}

/** The request without its key. */
export type SignBody = Omit<SignPledgeRequest, 'clientKey'>;

/**
 * One submit attempt: the request as sent and its idempotency key. The same request (a double tap, or 提交 again
 * after the connection dropped before the answer came) keeps the same key, so the server returns the signature it
 * already made instead of a second one; a request that differs (signed again, another child or version) is a new
 * attempt with a new key.
 */
export interface SignAttempt {
  fingerprint: string;
  clientKey: string;
}

export function attemptFor(prev: SignAttempt | null, body: SignBody, newKey: () => string = newClientKey): SignAttempt {
  const fingerprint = JSON.stringify([body.studentId, body.versionNumber, body.guardianSignature, body.studentSignature ?? null, body.childConsentVersion ?? null]);
  if (prev && prev.fingerprint === fingerprint) return prev;
  return { fingerprint, clientKey: newKey() };
}

/**
 * A key no other attempt of this guardian will have: 32 hex characters from the platform's random numbers where it
 * has them (h5), else Math.random mixed with the time. It identifies an attempt, it is no secret.
 */
export function newClientKey(): string {
  const bytes = new Uint8Array(16);
  const cryptoApi: { getRandomValues?: (a: Uint8Array) => Uint8Array } | undefined = typeof crypto === 'undefined' ? undefined : crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else {
    const now = Date.now();
    for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.floor(Math.random() * 256) ^ (now >>> ((i % 4) * 8))) & 255;
  }
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
