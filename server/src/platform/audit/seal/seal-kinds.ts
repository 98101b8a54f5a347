import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../audit-hash';

/**
 * A kind of record that a feature seals (a notice receipt, a pledge signature). The platform stores and seals its
 * leaves and recomputes them through `leaves` when it verifies, without knowing the feature.
 */
export interface SealKind {
  /** Stored with every leaf, e.g. `notice.receipt`: at most 32 characters, never renamed once leaves exist. */
  kind: string;
  /**
   * The leaf hash of each of `recordIds` (at most SEAL_CHUNK of them) as its rows are NOW, read through `m`; a
   * record that no longer exists is left out. Use `sealLeafHash` of a document of the fields that matter (ids,
   * content hashes, days, answer and signature hashes; never a time of day). The feature passes the same hash to
   * `AuditSeals.add` in the transaction that changes the record, so a record changed any other way stops matching.
   */
  leaves(m: EntityManager, recordIds: string[]): Promise<Map<string, string>>;
  /**
   * For a kind whose leaves are written behind the change (a queue of the feature's, in a later transaction): which of
   * `recordIds` have a change whose leaf is still to be written. Those are counted as `behind`, not compared.
   */
  behind?(m: EntityManager, recordIds: string[]): Promise<Set<string>>;
}

/** SHA-256 (hex) of the canonical JSON of a leaf document (keys sorted at every depth). */
export function sealLeafHash(document: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/**
 * The seal kinds this process knows: each feature registers its kind when its module starts (the way it registers a
 * periodic job), so the platform recomputes leaves without importing a feature. `npm run audit:verify`, which runs
 * without the Nest container, registers the same kinds itself (`cli/seal-kinds.ts`).
 */
@Injectable()
export class SealKinds {
  private readonly kinds = new Map<string, SealKind>();

  register(kind: SealKind): void {
    if (!/^[a-z][a-z0-9_.-]{0,31}$/.test(kind.kind)) throw new Error(`seal kind "${kind.kind}" must be 1–32 lower-case characters`);
    if (this.kinds.has(kind.kind)) throw new Error(`seal kind ${kind.kind} registered twice`);
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): SealKind | undefined {
    return this.kinds.get(kind);
  }

  names(): string[] {
    return [...this.kinds.keys()].sort();
  }
}
