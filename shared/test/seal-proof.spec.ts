import { createHash } from 'node:crypto';
import { canonicalJson } from '../src/notice-body';
import { auditEntryHash, checkReceiptProof, sealLeafHash, sealRootOf, verifySealPath } from '../src/seal-proof';
import { flipLastHexDigit, receiptProof } from './fixtures/receipt-proof';

const nodeSha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('seal proofs, checked in plain JavaScript', () => {
  it('the leaf hash and the entry hash are what node:crypto gives', () => {
    const doc = { b: 1, a: { d: '防范欺凌', c: null }, e: [1, '二'] };
    expect(sealLeafHash(doc)).toBe(nodeSha(canonicalJson(doc)));
    const entry = { schoolId: 's', seq: 3, at: '2031-03-03T16:15:00.000Z', actorUserId: null, actorRole: 'system', action: 'audit.receipts_sealed', targetType: 'seal_batch', targetId: 'b', details: { root: 'f'.repeat(64) } };
    expect(auditEntryHash('0'.repeat(64), entry)).toBe(nodeSha('0'.repeat(64) + canonicalJson(entry)));
  });

  it.each([[1, 0], [2, 1], [5, 0], [5, 2], [5, 4], [8, 7], [13, 12]])('a path of a tree of %i leaves from leaf %i leads to the root, and a changed byte does not', (size, index) => {
    const p = receiptProof({ others: size - 1, index }).proof!;
    expect(sealRootOf(p)).toBe(p.root);
    expect(verifySealPath(p)).toBe(true);
    expect(verifySealPath({ ...p, leafHash: flipLastHexDigit(p.leafHash) })).toBe(false);
    if (p.path.length) {
      expect(verifySealPath({ ...p, path: [flipLastHexDigit(p.path[0]), ...p.path.slice(1)] })).toBe(false);
      expect(sealRootOf({ ...p, path: p.path.slice(0, -1) })).toBeNull();
    }
    expect(sealRootOf({ ...p, path: [...p.path, p.leafHash] })).toBeNull();
    expect(sealRootOf({ ...p, index: size })).toBeNull();
  });

  it('a good receipt proof is verified; any changed byte of the leaf, the path, the root or the entry fails it', () => {
    const good = receiptProof();
    expect(checkReceiptProof(good)).toEqual({ state: 'verified', root: good.proof!.root });
    const doc = good.leaf.document;
    expect(checkReceiptProof({ ...good, leaf: { ...good.leaf, document: { ...doc, contentHash: flipLastHexDigit(doc.contentHash as string) } } }).state).toBe('failed');
    expect(checkReceiptProof({ ...good, receipt: { ...good.receipt, readOn: '2031-03-02' } }).state).toBe('failed');
    expect(checkReceiptProof({ ...good, proof: { ...good.proof!, path: [flipLastHexDigit(good.proof!.path[0]), ...good.proof!.path.slice(1)] } }))
      .toEqual({ state: 'failed', problems: ['由回执和默克尔路径算出的根与证明中的根不一致', '审计记录中的根与算出的根不一致'] });
    expect(checkReceiptProof({ ...good, sealEntry: { ...good.sealEntry!, at: '2031-03-03T16:15:03.124Z' } }))
      .toEqual({ state: 'failed', problems: ['审计记录的链哈希算不出来'] });
    expect(checkReceiptProof({ ...good, sealEntry: null }).state).toBe('failed');
  });

  it('not sealed yet, or changed since its seal with the change waiting: unsealed; changed with nothing waiting: failed', () => {
    const good = receiptProof();
    expect(checkReceiptProof({ ...good, sealed: false, proof: null, sealEntry: null, sealsAfter: '2031-03-04T16:15:00.000Z' }))
      .toEqual({ state: 'unsealed', sealsAfter: '2031-03-04T16:15:00.000Z' });
    const changedDoc = { ...good.leaf.document, readOn: '2031-03-04' };
    const changed = { ...good, sealed: false, receipt: { ...good.receipt, readOn: '2031-03-04' }, leaf: { ...good.leaf, document: changedDoc, hash: sealLeafHash(changedDoc) } };
    expect(checkReceiptProof({ ...changed, sealsAfter: '2031-03-04T16:15:00.000Z' }).state).toBe('unsealed');
    expect(checkReceiptProof(changed)).toEqual({ state: 'failed', problems: ['回执在封存后被改动过：现在的内容与封存时不同'] });
  });
});
