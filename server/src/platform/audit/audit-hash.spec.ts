import { canonicalJson, chainHash, GENESIS_HASH, HashedEntry } from './audit-hash';

const entry = (over: Partial<HashedEntry> = {}): HashedEntry => ({
  schoolId: 's1', seq: 1, at: '2026-11-29T01:02:03.004Z', actorUserId: 'u1', actorRole: 'admin',
  action: 'binding.approved', targetType: 'binding', targetId: 'b1', details: { b: 1, a: { d: [2, 1], c: '安心😀' } }, ...over,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
  });
  it('is independent of key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { q: 1, p: 2 } })).toBe(canonicalJson({ y: { p: 2, q: 1 }, x: 1 }));
  });
});

describe('chainHash', () => {
  it('is deterministic and depends on the previous hash', () => {
    const h = chainHash(GENESIS_HASH, entry());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, entry())).toBe(h);
    expect(chainHash('f'.repeat(64), entry())).not.toBe(h);
  });
  it('changes when any covered field changes', () => {
    const h = chainHash(GENESIS_HASH, entry());
    for (const change of [{ seq: 2 }, { action: 'x' }, { actorUserId: null }, { details: { b: 2 } }, { at: '2026-11-29T01:02:03.005Z' }]) {
      expect(chainHash(GENESIS_HASH, entry(change))).not.toBe(h);
    }
  });
});
