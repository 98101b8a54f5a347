import type { AuditEntryResponse, SealProof } from './api/audit';
import type { NoticeReceiptProofResponse } from './api/notice-proofs';
import { canonicalJson } from './notice-body';
import { bytesToHex, sha256Bytes, sha256Hex, utf8Bytes } from './pledge-text';

/**
 * The one owner of how a sealed record is checked, in plain JavaScript so the app can do it as well as the server:
 * a leaf's hash from its document, a Merkle path up to the batch's root (the tree of SealProof: RFC 6962's shape with
 * SHA-256), an audit entry's chain hash, and, from these, whether a notice receipt's proof holds
 * (`checkReceiptProof`). The server builds its trees with node:crypto and checks its proofs with `verifySealPath`.
 */

/** The audit action whose entry holds a day batch's root. */
export const SEAL_AUDIT_ACTION = 'audit.receipts_sealed';

const HEX64 = /^[0-9a-f]{64}$/;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function hashOf(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  all[0] = prefix;
  let at = 1;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return sha256Bytes(all);
}

/** SHA-256 (hex) of the canonical JSON of a leaf document (keys sorted at every depth). */
export function sealLeafHash(document: Record<string, unknown>): string {
  return sha256Hex(canonicalJson(document));
}

/**
 * The root that `path` leads leaf `index` of a tree of `size` leaves (hash `leafHash`) to, or null when the path
 * does not fit the tree (too short, too long, malformed hashes). Leaf node H(0x00 ‖ leaf hash); at each level, with
 * i the position and n the nodes: i odd → H(0x01 ‖ sibling ‖ node), i even and i + 1 < n → H(0x01 ‖ node ‖ sibling),
 * else the node moves up unchanged.
 */
export function sealRootOf(p: Pick<SealProof, 'leafHash' | 'index' | 'size' | 'path'>): string | null {
  if (!Number.isInteger(p.size) || p.size < 1 || !Number.isInteger(p.index) || p.index < 0 || p.index >= p.size) return null;
  if (!HEX64.test(p.leafHash) || !p.path.every((h) => HEX64.test(h))) return null;
  let node = hashOf(0, hexBytes(p.leafHash));
  let i = p.index;
  let n = p.size;
  let used = 0;
  while (n > 1) {
    if (i % 2 === 1) {
      if (used >= p.path.length) return null;
      node = hashOf(1, hexBytes(p.path[used++]), node);
    } else if (i + 1 < n) {
      if (used >= p.path.length) return null;
      node = hashOf(1, node, hexBytes(p.path[used++]));
    }
    i = Math.floor(i / 2);
    n = Math.ceil(n / 2);
  }
  return used === p.path.length ? bytesToHex(node) : null;
}

/** Whether `path` leads the leaf to `root`. */
export function verifySealPath(p: Pick<SealProof, 'leafHash' | 'index' | 'size' | 'path' | 'root'>): boolean {
  return HEX64.test(p.root) && sealRootOf(p) === p.root;
}

/** The fields of an audit entry its chain hash covers (the entry as the audit log shows it, with its chain's id). */
export type ChainedAuditEntry = Omit<AuditEntryResponse, 'prevHash' | 'hash'> & { schoolId: string };

/** An audit entry's hash: SHA-256 (hex) of the previous entry's hash followed by the entry's canonical JSON. */
export function auditEntryHash(prevHash: string, entry: ChainedAuditEntry): string {
  const { schoolId, seq, at, actorUserId, actorRole, action, targetType, targetId, details } = entry;
  return bytesToHex(sha256Bytes(utf8Bytes(prevHash + canonicalJson({ schoolId, seq, at, actorUserId, actorRole, action, targetType, targetId, details }))));
}

export type ReceiptProofCheck =
  /** The receipt as it is now is the leaf sealed into the audit entry, and every hash recomputes. */
  | { state: 'verified'; root: string }
  /** Not sealed yet (never, or changed since its last seal and waiting for its day's batch). */
  | { state: 'unsealed'; sealsAfter: string | null }
  /** Something does not recompute: what, in Chinese. */
  | { state: 'failed'; problems: string[] };

/** The receipt fields the page shows that the leaf document must hold as they are shown. */
const SHOWN_FIELDS = ['contentHash', 'readOn', 'confirmedOn', 'signedOn', 'answeredOn', 'acknowledgedOn', 'signatureSha256'] as const;

/**
 * Checks a receipt's proof as the server sent it, trusting none of its hashes: the receipt shown is the leaf document,
 * the document hashes to the leaf hash, the sealed leaf is that hash, the Merkle path leads it to the root, the
 * sealing audit entry holds that root and hashes to its chain hash.
 */
export function checkReceiptProof(res: NoticeReceiptProofResponse): ReceiptProofCheck {
  const problems: string[] = [];
  const doc = res.leaf.document;
  const leafHash = sealLeafHash(doc);
  if (leafHash !== res.leaf.hash) problems.push('回执内容算出的哈希与服务器给出的不一致');
  if (doc.receiptId !== res.receiptId || doc.noticeId !== res.noticeId) problems.push('证明不是这条回执的');
  for (const f of SHOWN_FIELDS) if ((doc[f] ?? null) !== (res.receipt[f] ?? null)) problems.push(`显示的回执与被封存的内容不一致（${f}）`);
  if (problems.length) return { state: 'failed', problems };

  const proof = res.proof;
  if (!proof || proof.leafHash !== leafHash) {
    // A change since the last seal is sealed with its day's batch; a change with no leaf waiting was made around the app.
    if (!proof || res.sealsAfter) return { state: 'unsealed', sealsAfter: res.sealsAfter };
    return { state: 'failed', problems: ['回执在封存后被改动过：现在的内容与封存时不同'] };
  }
  const root = sealRootOf(proof);
  if (root === null) problems.push('默克尔路径不完整');
  else if (root !== proof.root) problems.push('由回执和默克尔路径算出的根与证明中的根不一致');
  const entry = res.sealEntry;
  if (!entry) problems.push('缺少封存的审计记录');
  else {
    if (entry.action !== SEAL_AUDIT_ACTION || entry.seq !== proof.auditEntry.seq || entry.hash !== proof.auditEntry.hash) problems.push('封存的审计记录与证明不符');
    if (root !== null && entry.details.root !== root) problems.push('审计记录中的根与算出的根不一致');
    const { prevHash, hash, ...fields } = entry;
    if (typeof doc.schoolId !== 'string' || auditEntryHash(prevHash, { ...fields, schoolId: doc.schoolId }) !== hash) problems.push('审计记录的链哈希算不出来');
  }
  return problems.length ? { state: 'failed', problems } : { state: 'verified', root: root! };
}
