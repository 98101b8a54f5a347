import { describe, expect, it } from '@jest/globals';
import type { PledgeSignatureVerifyResponse } from '@anxin/shared';
import { signatureCheckText } from './signature-check';

const base: PledgeSignatureVerifyResponse = {
  signatureId: 's', versionNumber: 1, textHash: '0123abcd'.repeat(8), recomputedTextHash: '0123abcd'.repeat(8), textHashMatches: true,
  leafHash: 'e'.repeat(64), sealed: null, proof: null, sealsAfter: '2026-09-10T16:00:00.000Z', ok: true,
};

describe('what 核验 says', () => {
  it('sealed, waiting for the day\'s seal (in Shanghai time), a changed text, a changed record', () => {
    expect(signatureCheckText({ ...base, sealed: true, sealsAfter: null })).toEqual({ ok: true, text: '核验通过：文本指纹 0123abcd… 一致，签署记录已封存在审计链中' });
    expect(signatureCheckText(base)).toEqual({ ok: true, text: '核验通过：文本指纹 0123abcd… 一致；签署记录将于 2026-09-11 00:00 后封存到审计链' });
    expect(signatureCheckText({ ...base, textHashMatches: false, ok: false }).ok).toBe(false);
    expect(signatureCheckText({ ...base, textHashMatches: false, ok: false }).text).toMatch(/文本指纹与这一版的文本不一致/);
    expect(signatureCheckText({ ...base, sealed: false, ok: false }).text).toBe('核验未通过：签署记录与审计链中封存的不一致');
  });
});
