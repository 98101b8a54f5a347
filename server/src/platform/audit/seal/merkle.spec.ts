import { createHash } from 'node:crypto';
import { chunkedPath, leafNode, MerkleBuilder, pathOf, rootOf, verifyPath } from './merkle';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (i: number) => createHash('sha256').update(`leaf ${i}`).digest('hex');
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leaf(i));

/** RFC 6962's definition, written out recursively: MTH(D[n]) splits at the largest power of two below n. */
function rfc6962(hashes: string[]): Buffer {
  if (hashes.length === 1) return sha(Buffer.from([0]), Buffer.from(hashes[0], 'hex'));
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return sha(Buffer.from([1]), rfc6962(hashes.slice(0, k)), rfc6962(hashes.slice(k)));
}

const rootHex = (hashes: string[]) => rootOf(hashes.map(leafNode)).toString('hex');

describe('seal Merkle tree', () => {
  it('a single leaf: the root is its leaf node and the path is empty', () => {
    const [h] = leaves(1);
    expect(rootHex([h])).toBe(sha(Buffer.from([0]), Buffer.from(h, 'hex')).toString('hex'));
    expect(pathOf([leafNode(h)], 0)).toEqual([]);
    expect(verifyPath({ leafHash: h, index: 0, size: 1, path: [], root: rootHex([h]) })).toBe(true);
  });

  it('two and three leaves, written out by hand (the odd last node moves up unchanged)', () => {
    const [a, b, c] = leaves(3).map(leafNode);
    expect(rootHex(leaves(2))).toBe(sha(Buffer.from([1]), a, b).toString('hex'));
    expect(rootHex(leaves(3))).toBe(sha(Buffer.from([1]), sha(Buffer.from([1]), a, b), c).toString('hex'));
  });

  it('is the tree RFC 6962 defines, for every size from 1 to 70 (odd and even, powers of two and not)', () => {
    for (let n = 1; n <= 70; n++) expect({ n, root: rootHex(leaves(n)) }).toEqual({ n, root: rfc6962(leaves(n)).toString('hex') });
  });

  it('every leaf of every size up to 33 has a path that leads to the root, and only to it', () => {
    for (let n = 1; n <= 33; n++) {
      const hashes = leaves(n);
      const root = rootHex(hashes);
      for (let i = 0; i < n; i++) {
        const path = pathOf(hashes.map(leafNode), i).map((b) => b.toString('hex'));
        const proof = { leafHash: hashes[i], index: i, size: n, path, root };
        expect({ n, i, ok: verifyPath(proof) }).toEqual({ n, i, ok: true });
        // Another leaf, another place, another size, a changed sibling or a shortened path do not verify.
        expect(verifyPath({ ...proof, leafHash: leaf(1000) })).toBe(false);
        if (n > 1) expect(verifyPath({ ...proof, index: (i ^ 1) < n ? (i ^ 1) : i - 1 })).toBe(false);
        if (path.length) {
          expect(verifyPath({ ...proof, path: [leaf(2000), ...path.slice(1)] })).toBe(false);
          expect(verifyPath({ ...proof, path: path.slice(0, -1) })).toBe(false);
        }
        expect(verifyPath({ ...proof, path: [...path, leaf(3000)] })).toBe(false);
      }
    }
  });

  it('a path checked at another index does not verify (the position is part of the proof)', () => {
    const hashes = leaves(13);
    const root = rootHex(hashes);
    const path = pathOf(hashes.map(leafNode), 5).map((b) => b.toString('hex'));
    expect(verifyPath({ leafHash: hashes[5], index: 5, size: 13, path, root })).toBe(true);
    expect(verifyPath({ leafHash: hashes[5], index: 4, size: 13, path, root })).toBe(false);
    expect(verifyPath({ leafHash: hashes[5], index: 13, size: 13, path, root })).toBe(false);
    expect(verifyPath({ leafHash: hashes[5], index: -1, size: 13, path, root })).toBe(false);
    expect(verifyPath({ leafHash: 'zz', index: 5, size: 13, path, root })).toBe(false);
  });

  it('built chunk by chunk, the root is the root over all leaves, and chunked paths verify', () => {
    for (const n of [1, 3, 4, 5, 8, 9, 15, 16, 17, 31, 33, 37]) {
      const hashes = leaves(n);
      const b = new MerkleBuilder(4);
      for (const h of hashes) b.add(h);
      const built = b.finish();
      expect({ n, root: built.root, size: built.size }).toEqual({ n, root: rootHex(hashes), size: n });
      expect(built.chunkRoots).toHaveLength(Math.ceil(n / 4));
      for (let i = 0; i < n; i++) {
        const chunk = hashes.slice(Math.floor(i / 4) * 4, Math.floor(i / 4) * 4 + 4);
        const path = chunkedPath(chunk, built.chunkRoots, i, 4);
        expect({ n, i, path }).toEqual({ n, i, path: pathOf(hashes.map(leafNode), i).map((x) => x.toString('hex')) });
        expect(verifyPath({ leafHash: hashes[i], index: i, size: n, path, root: built.root })).toBe(true);
      }
    }
  });

  it('10,000 leaves in chunks of 1,024 (the last one partial): the same root as the whole tree, and a proof from one chunk', () => {
    const n = 10_000;
    const hashes = leaves(n);
    const b = new MerkleBuilder();
    for (const h of hashes) b.add(h);
    const built = b.finish();
    expect(built.chunkRoots).toHaveLength(10);
    expect(built.root).toBe(rootHex(hashes));
    for (const i of [0, 1023, 1024, 9_215, 9_216, 9_999]) {
      const start = Math.floor(i / 1024) * 1024;
      const path = chunkedPath(hashes.slice(start, start + 1024), built.chunkRoots, i);
      expect(path.length).toBeLessThanOrEqual(14);
      expect({ i, ok: verifyPath({ leafHash: hashes[i], index: i, size: n, path, root: built.root }) }).toEqual({ i, ok: true });
    }
  });

  it('refuses what is not a tree: no leaves, a chunk size that is not a power of two, a malformed leaf hash', () => {
    expect(() => rootOf([])).toThrow();
    expect(() => new MerkleBuilder(3)).toThrow();
    expect(() => new MerkleBuilder().finish()).toThrow();
    expect(() => leafNode('ABC')).toThrow();
    expect(() => pathOf([leafNode(leaf(0))], 1)).toThrow();
  });
});
