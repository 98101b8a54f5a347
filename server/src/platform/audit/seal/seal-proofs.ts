import type { EntityManager } from 'typeorm';
import type { SealProof } from '@anxin/shared';
import { isoRequired } from '../../database/dates';
import { AuditEntryEntity } from '../audit-entry.entity';
import { chunkedPath, SEAL_CHUNK, verifyPath } from './merkle';
import { SealBatchEntity } from './seal-batch.entity';
import { SealLeafEntity } from './seal-leaf.entity';
import { SEAL_ACTION, sealsAfter } from './seal-rules';

/** Where a record stands: its newest sealed leaf with the proof, and a newer leaf still waiting for its day's batch. */
export interface SealStatus {
  proof: SealProof | null;
  pending: { day: string; leafHash: string; sealsAfter: Date } | null;
}

/**
 * The seal status of one record of `schoolId`. The proof is built from the batch's stored chunk roots and the one
 * chunk of leaves that holds the record (the leaf's place counted in the batch's order), and is only given when it
 * leads to the root that the batch's audit entry holds.
 */
export async function sealStatus(m: EntityManager, schoolId: string, kind: string, recordId: string): Promise<SealStatus> {
  const leaves = await m.find(SealLeafEntity, { where: { kind, recordId, schoolId }, order: { day: 'DESC' } });
  let proof: SealProof | null = null;
  let sealedDay: string | null = null;
  for (const leaf of leaves.filter((l) => l.batchId !== null)) {
    proof = await proofOf(m, leaf);
    if (proof) {
      sealedDay = leaf.day;
      break;
    }
  }
  const waiting = leaves.find((l) => l.batchId === null && (sealedDay === null || l.day > sealedDay));
  return { proof, pending: waiting ? { day: waiting.day, leafHash: waiting.leafHash, sealsAfter: sealsAfter(waiting.day) } : null };
}

async function proofOf(m: EntityManager, leaf: SealLeafEntity): Promise<SealProof | null> {
  const batch = await m.findOne(SealBatchEntity, { where: { id: leaf.batchId!, schoolId: leaf.schoolId } });
  if (!batch) return null;
  const entry = await m.findOne(AuditEntryEntity, { where: { schoolId: batch.schoolId, seq: batch.auditSeq } });
  if (!entry || entry.action !== SEAL_ACTION || entry.targetId !== batch.id || entry.details?.root !== batch.root) return null;
  const inBatch = 'FROM audit_seal_leaves WHERE batch_id = ? AND school_id = ? AND day = ?';
  const batchKey = [batch.id, batch.schoolId, batch.day];
  const [{ n }] = await m.query(`SELECT COUNT(*) AS n ${inBatch} AND (kind, record_id) < (?, ?)`, [...batchKey, leaf.kind, leaf.recordId]);
  const index = Number(n);
  const chunkStart = Math.floor(index / SEAL_CHUNK) * SEAL_CHUNK;
  const chunk: { h: string }[] = await m.query(`SELECT leaf_hash AS h ${inBatch} ORDER BY kind, record_id LIMIT ${SEAL_CHUNK} OFFSET ${chunkStart}`, batchKey);
  const chunkRoots = batch.chunkRoots.match(/[0-9a-f]{64}/g) ?? [];
  if (chunk[index - chunkStart]?.h !== leaf.leafHash || chunkRoots.length !== Math.ceil(batch.leafCount / SEAL_CHUNK)) return null;
  const path = chunkedPath(chunk.map((r) => r.h), chunkRoots, index);
  const proof: SealProof = {
    kind: leaf.kind, recordId: leaf.recordId, day: batch.day, batchId: batch.id, leafHash: leaf.leafHash, index, size: batch.leafCount, path,
    root: batch.root, auditEntry: { seq: entry.seq, hash: entry.hash, at: isoRequired(entry.at) },
  };
  return verifyPath(proof) ? proof : null;
}
