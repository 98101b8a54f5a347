import { CODE_ALPHABET, inviteQrPayload, maskName, randomCode } from './codes';

describe('codes', () => {
  it('uses an alphabet without look-alike characters', () => {
    for (const c of '01OIL') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('draws codes of the requested length from the alphabet, without repeats in 20,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const code = randomCode(8);
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      seen.add(code);
    }
    expect(seen.size).toBe(20_000);
  });

  it('uses every character of the alphabet', () => {
    const used = new Set(Array.from({ length: 2000 }, () => randomCode(8)).join(''));
    expect(used.size).toBe(CODE_ALPHABET.length);
  });

  it('builds the QR payload', () => {
    expect(inviteQrPayload('ABCD2345')).toBe('anxin://bind?code=ABCD2345');
  });

  it('masks names keeping first and last character', () => {
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('李雷')).toBe('李*');
    expect(maskName('张')).toBe('*');
    expect(maskName('𠀋小明')).toBe('𠀋*明');
  });
});
