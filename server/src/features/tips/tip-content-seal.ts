import type { EntityManager } from 'typeorm';
import { parseEnvelope } from '../../platform/crypto/aes-gcm';
import { ERASED_ENVELOPE, type CryptoService, type DataKey } from '../../platform/crypto/crypto.service';
import { TipKeyEntity } from '../../platform/crypto/tip-key.entity';
import { TipAttachmentChunkEntity } from './tip-attachment-chunk.entity';
import { TipAttachmentEntity } from './tip-attachment.entity';
import { TipMessageEntity } from './tip-message.entity';
import { TipReopeningEntity } from './tip-reopening.entity';
import { TipReportEntity } from './tip-report.entity';
import { tipAad } from './tip-records';
import { TipEntity } from './tip.entity';
import { noteAad, progressAad } from './notes/tip-notes.service';
import { TipNoteEntity } from './notes/tip-note.entity';
import { TipProgressEntity } from './notes/tip-progress.entity';
import { redactionAad } from './redaction/tip-redactions';
import { TipRedactionEntity } from './redaction/tip-redaction.entity';
import { referredAad } from './triage/tip-triage-view';
import { TipTriageEntity } from './triage/tip-triage.entity';

/**
 * Every place a tip's content is sealed: the one list the re-seal step (old tips onto their own key) and the erasure
 * (features/retention) work from, so a new encrypted field of a tip is added here once.
 * Each entry names the table's entity, the column holding the envelope, and the AAD it was sealed with.
 */
export const TIP_TEXT_FIELDS = ['description', 'when', 'place_detail', 'people', 'named', 'measures', 'outcome', 'reporter_outcome'] as const;
const TIP_COLUMNS: Record<(typeof TIP_TEXT_FIELDS)[number], keyof TipEntity> = {
  description: 'descriptionEnc', when: 'whenEnc', place_detail: 'placeDetailEnc', people: 'peopleEnc', named: 'namedEnc',
  measures: 'measuresEnc', outcome: 'outcomeEnc', reporter_outcome: 'reporterOutcomeEnc',
};

export const attachmentChunkAad = (attachmentId: string, copy: string, seq: number) => `tip_attachment:${attachmentId}:${copy}:${seq}`;

interface ChildField {
  entity: new () => object;
  idColumn: string;
  column: string;
  aad: (row: any) => string;
}

/** Child tables of a tip with one sealed column each (all keyed by `tip_id`). */
export const TIP_CHILD_FIELDS: ChildField[] = [
  { entity: TipMessageEntity, idColumn: 'id', column: 'bodyEnc', aad: (r) => `tip_message:${r.id}` },
  { entity: TipReportEntity, idColumn: 'id', column: 'contentEnc', aad: (r) => `tip_report:${r.id}` },
  { entity: TipReopeningEntity, idColumn: 'id', column: 'reasonEnc', aad: (r) => `tip_reopening:${r.id}` },
  { entity: TipNoteEntity, idColumn: 'id', column: 'bodyEnc', aad: (r) => noteAad(r.id) },
  { entity: TipProgressEntity, idColumn: 'id', column: 'detailEnc', aad: (r) => progressAad(r.id) },
  { entity: TipRedactionEntity, idColumn: 'tipId', column: 'masksEnc', aad: (r) => redactionAad(r.tipId) },
  { entity: TipTriageEntity, idColumn: 'tipId', column: 'referredToEnc', aad: (r) => referredAad(r.tipId) },
];

/** An envelope opened and sealed again under `key` (same AAD); left as it is when it is already under `key`. */
async function resealText(m: EntityManager, crypto: CryptoService, key: DataKey, envelope: string | null, aad: string): Promise<string | null> {
  if (envelope === null || envelope === '' || envelope === ERASED_ENVELOPE) return envelope;
  if (parseEnvelope(envelope).keyId === key.id) return envelope;
  return crypto.encryptText(key, await crypto.decryptText(envelope, aad, m), aad);
}

/** A photo's chunks (both copies) opened and sealed again under `key`; the attachment row then names `key`. */
export async function resealAttachment(m: EntityManager, crypto: CryptoService, key: DataKey, attachment: TipAttachmentEntity): Promise<void> {
  if (attachment.keyId === key.id) return;
  const chunks = await m.find(TipAttachmentChunkEntity, { where: { attachmentId: attachment.id } });
  for (const c of chunks) {
    const aad = attachmentChunkAad(attachment.id, c.copy, c.seq);
    const plain = await crypto.decryptBytes(attachment.keyId, Buffer.from(c.data), aad, m);
    await m.update(TipAttachmentChunkEntity, { attachmentId: c.attachmentId, copy: c.copy, seq: c.seq }, { data: crypto.encryptBytes(key, plain, aad) });
  }
  await m.update(TipAttachmentEntity, { id: attachment.id }, { keyId: key.id });
}

/**
 * Puts everything of one tip under the tip's own key (creating it) and marks the key `allSealed`. Idempotent: a
 * field already under the tip key is left alone. Runs inside the caller's transaction.
 */
export async function resealTip(m: EntityManager, crypto: CryptoService, found: TipEntity): Promise<number> {
  // The tip's row, locked on MariaDB/MySQL and read again, so a staff change committing meanwhile is not overwritten
  // with the older text (SQLite runs one transaction at a time).
  const sqlite = m.connection.options.type === 'better-sqlite3';
  const tip = await m.findOneOrFail(TipEntity, { where: { id: found.id }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
  const key = await crypto.tipKey(m, tip.schoolId, tip.id);
  let changed = 0;
  const tipChanges: Partial<TipEntity> = {};
  for (const field of TIP_TEXT_FIELDS) {
    const column = TIP_COLUMNS[field];
    const before = tip[column] as string | null;
    const after = await resealText(m, crypto, key, before, tipAad(tip.id, field));
    if (after !== before) { (tipChanges as any)[column] = after; changed++; }
  }
  if (changed) await m.update(TipEntity, { id: tip.id }, tipChanges);
  for (const f of TIP_CHILD_FIELDS) {
    const rows = await m.find(f.entity as any, { where: { tipId: tip.id } }) as any[];
    for (const row of rows) {
      const before = row[f.column] as string | null;
      const after = await resealText(m, crypto, key, before, f.aad(row));
      if (after !== before) {
        await m.update(f.entity as any, { [f.idColumn]: row[f.idColumn] }, { [f.column]: after });
        changed++;
      }
    }
  }
  for (const a of await m.find(TipAttachmentEntity, { where: { tipId: tip.id } })) {
    if (a.keyId !== key.id) { await resealAttachment(m, crypto, key, a); changed++; }
  }
  await m.update(TipKeyEntity, { tipId: tip.id }, { allSealed: true });
  return changed;
}
