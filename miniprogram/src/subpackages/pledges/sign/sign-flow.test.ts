import { describe, expect, it } from '@jest/globals';
import { PLEDGE_LIMITS } from '@anxin/shared';
import { attemptFor, newClientKey, signFlow, startFlow, stepTitle, submitBlocker, type SignAction, type SignBody, type SignFlow } from './sign-flow';

const run = (s: SignFlow, ...actions: SignAction[]) => actions.reduce(signFlow, s);
const body = (over: Partial<SignBody> = {}): SignBody => ({ studentId: 's1', versionNumber: 2, guardianSignature: 'G1', studentSignature: 'S1', ...over });

describe('the steps of signing', () => {
  it('guardian → student → summary → done when the child signs too', () => {
    let s = startFlow(true);
    expect(stepTitle(s)).toEqual({ n: 1, of: 3, title: '家长签名' });
    s = run(s, { type: 'readToEnd' }, { type: 'guardianSigned', png: 'G' });
    expect(s).toMatchObject({ step: 'student', guardianPng: 'G', studentPng: null });
    expect(stepTitle(s)).toEqual({ n: 2, of: 3, title: '请孩子签名' });
    s = run(s, { type: 'studentSigned', png: 'S' });
    expect(s).toMatchObject({ step: 'summary', guardianPng: 'G', studentPng: 'S' });
    expect(stepTitle(s)).toEqual({ n: 3, of: 3, title: '核对并提交' });
    expect(run(s, { type: 'submitted' }).step).toBe('done');
  });

  it('guardian → summary when the child does not sign', () => {
    const s = run(startFlow(false), { type: 'readToEnd' }, { type: 'guardianSigned', png: 'G' });
    expect(s.step).toBe('summary');
    expect(stepTitle(s)).toEqual({ n: 2, of: 2, title: '核对并提交' });
    expect(run(s, { type: 'studentSigned', png: 'S' })).toBe(s);
  });

  it('the guardian cannot sign before the text was read to its end', () => {
    const s = run(startFlow(true), { type: 'guardianSigned', png: 'G' });
    expect(s).toMatchObject({ step: 'guardian', guardianPng: null, readToEnd: false });
    expect(run(s, { type: 'readToEnd' }, { type: 'readToEnd' }).readToEnd).toBe(true);
  });

  it('back drops the signature of the step returned to; restart drops both; reading stays done', () => {
    const summary = run(startFlow(true), { type: 'readToEnd' }, { type: 'guardianSigned', png: 'G' }, { type: 'studentSigned', png: 'S' });
    expect(run(summary, { type: 'back' })).toMatchObject({ step: 'student', guardianPng: 'G', studentPng: null });
    expect(run(summary, { type: 'back' }, { type: 'back' })).toMatchObject({ step: 'guardian', guardianPng: null, readToEnd: true });
    expect(run(summary, { type: 'restart' })).toMatchObject({ step: 'guardian', guardianPng: null, studentPng: null, readToEnd: true });
    const alone = run(startFlow(false), { type: 'readToEnd' }, { type: 'guardianSigned', png: 'G' }, { type: 'back' });
    expect(alone).toMatchObject({ step: 'guardian', guardianPng: null });
    const done = run(summary, { type: 'submitted' });
    expect(run(done, { type: 'restart' })).toBe(done);
    expect(run(done, { type: 'start', studentPartRequired: false })).toEqual(startFlow(false));
  });

  it('submitting waits for both signatures and, when asked, the consent', () => {
    const s = run(startFlow(true), { type: 'readToEnd' }, { type: 'guardianSigned', png: 'G' });
    expect(submitBlocker(startFlow(true), false)).toBe('请先完成家长签名');
    expect(submitBlocker(s, false)).toBe('请孩子签名后再提交');
    const both = run(s, { type: 'studentSigned', png: 'S' });
    expect(submitBlocker(both, false)).toBeNull();
    expect(submitBlocker(both, true)).toBe('请先勾选同意处理孩子的信息');
    expect(submitBlocker(run(both, { type: 'consent', on: true }), true)).toBeNull();
  });
});

describe('one idempotency key per attempt', () => {
  it('the same request keeps its key (a double tap, a retry after the connection dropped)', () => {
    let n = 0;
    const key = () => `key-${++n}`;
    const first = attemptFor(null, body(), key);
    expect(first.clientKey).toBe('key-1');
    expect(attemptFor(first, body(), key)).toBe(first);
    expect(attemptFor(attemptFor(first, body(), key), body(), key).clientKey).toBe('key-1');
  });

  it('a request that differs is a new attempt with a new key', () => {
    let n = 0;
    const key = () => `key-${++n}`;
    const first = attemptFor(null, body(), key);
    expect(attemptFor(first, body({ guardianSignature: 'G2' }), key).clientKey).toBe('key-2');
    expect(attemptFor(first, body({ studentSignature: undefined }), key).clientKey).toBe('key-3');
    expect(attemptFor(first, body({ versionNumber: 3 }), key).clientKey).toBe('key-4');
    expect(attemptFor(first, body({ studentId: 's2' }), key).clientKey).toBe('key-5');
    expect(attemptFor(first, body({ childConsentVersion: '2026-11' }), key).clientKey).toBe('key-6');
  });

  it('keys are 32 hex characters, within the server\'s limits, and differ', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newClientKey()));
    expect(keys.size).toBe(200);
    for (const k of keys) {
      expect(k).toMatch(/^[0-9a-f]{32}$/);
      expect(k.length).toBeGreaterThanOrEqual(PLEDGE_LIMITS.clientKeyMin);
      expect(k.length).toBeLessThanOrEqual(PLEDGE_LIMITS.clientKeyMax);
    }
  });

  it('without the platform\'s random numbers (some WeChat runtimes) keys still differ', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 200 }, () => newClientKey()));
      expect(keys.size).toBe(200);
      for (const k of keys) expect(k).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'crypto', saved);
    }
  });
});
