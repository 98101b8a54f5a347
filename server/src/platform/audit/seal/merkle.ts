import { createHash } from 'node:crypto';
import { verifySealPath } from '@anxin/shared';

/**
 * The Merkle tree of a seal batch, in the shape of RFC 6962 (Certificate Transparency) with SHA-256:
 * node of a leaf = H(0x00 ‖ leaf hash), node above two = H(0x01 ‖ left ‖ right) (the prefixes keep a leaf from
 * passing for an inner node). Built bottom-up: nodes are paired left to right, and the last node of a level with an
 * odd count moves up unchanged (which is the same tree as RFC 6962's split at the largest power of two). One leaf is
 * its own root's only child: root = H(0x00 ‖ leaf hash).
 *
 * Leaves are hashed in chunks of SEAL_CHUNK. The chunk size is a power of two, so every full chunk is a whole subtree
 * of the batch's tree and the root over the chunk roots is the root over all the leaves: a batch of 100,000 leaves is
 * built from a stream of rows without holding them, and a proof reads one chunk of leaves plus the stored chunk roots.
 */
export const SEAL_CHUNK = 1024;

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);
const HEX64 = /^[0-9a-f]{64}$/;

/** The tree node of a leaf hash (64 hex digits). */
export function leafNode(leafHash: string): Buffer {
  if (!HEX64.test(leafHash)) throw new Error(`not a leaf hash: ${leafHash}`);
  return createHash('sha256').update(LEAF_PREFIX).update(Buffer.from(leafHash, 'hex')).digest();
}

function parent(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The root above `nodes` (at least one). */
export function rootOf(nodes: Buffer[]): Buffer {
  if (!nodes.length) throw new Error('a Merkle tree needs at least one node');
  let level = nodes;
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(i + 1 < level.length ? parent(level[i], level[i + 1]) : level[i]);
    level = up;
  }
  return level[0];
}

/** The sibling nodes from node `index` up to the root of `nodes`, bottom first (a level where it has none adds nothing). */
export function pathOf(nodes: Buffer[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= nodes.length) throw new Error(`no node ${index} of ${nodes.length}`);
  const path: Buffer[] = [];
  let level = nodes;
  let i = index;
  while (level.length > 1) {
    const sibling = i ^ 1;
    if (sibling < level.length) path.push(level[sibling]);
    const up: Buffer[] = [];
    for (let j = 0; j < level.length; j += 2) up.push(j + 1 < level.length ? parent(level[j], level[j + 1]) : level[j]);
    level = up;
    i >>= 1;
  }
  return path;
}

/**
 * Whether `path` leads leaf `index` of a tree of `size` leaves, with hash `leafHash`, to `root` (all hex). The rule
 * is shared/'s (`verifySealPath`), which the app applies to the proofs it shows.
 */
export const verifyPath: (p: { leafHash: string; index: number; size: number; path: string[]; root: string }) => boolean = verifySealPath;

/**
 * Builds a batch's root from its leaf hashes in order, one chunk at a time: `add` each leaf, then `finish`. Keeps
 * only the current chunk's nodes and the chunk roots.
 */
export class MerkleBuilder {
  private chunk: Buffer[] = [];
  private readonly chunkRoots: Buffer[] = [];
  private count = 0;

  constructor(private readonly chunkSize = SEAL_CHUNK) {
    if (chunkSize < 1 || (chunkSize & (chunkSize - 1)) !== 0) throw new Error('the chunk size must be a power of two');
  }

  add(leafHash: string): void {
    this.chunk.push(leafNode(leafHash));
    this.count++;
    if (this.chunk.length === this.chunkSize) this.closeChunk();
  }

  /** The root, the leaf count and the chunk roots (hex) a proof is built from. */
  finish(): { root: string; size: number; chunkRoots: string[] } {
    if (this.chunk.length) this.closeChunk();
    return { root: rootOf(this.chunkRoots).toString('hex'), size: this.count, chunkRoots: this.chunkRoots.map((b) => b.toString('hex')) };
  }

  private closeChunk(): void {
    this.chunkRoots.push(rootOf(this.chunk));
    this.chunk = [];
  }
}

/**
 * The proof path of leaf `index`, from the leaves of its chunk and the batch's chunk roots: the path inside the
 * chunk, then the path of the chunk's root among the chunk roots.
 */
export function chunkedPath(chunkLeafHashes: string[], chunkRoots: string[], index: number, chunkSize = SEAL_CHUNK): string[] {
  const chunkIndex = Math.floor(index / chunkSize);
  return [
    ...pathOf(chunkLeafHashes.map(leafNode), index % chunkSize),
    ...pathOf(chunkRoots.map((h) => Buffer.from(h, 'hex')), chunkIndex),
  ].map((b) => b.toString('hex'));
}
