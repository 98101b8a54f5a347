import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { entityRows } from '../database/entity-rows';
import { formatEnvelope, gcmOpen, gcmSeal, hmacHex, parseEnvelope, subkey, unwrapKey, wrapKey } from './aes-gcm';
import { SchoolKeyEntity } from './school-key.entity';
import { TipKeyEntity } from './tip-key.entity';

/** Prefix of values sealed under the delivery-only key: `dlv1.<master key id>.<base64(iv ‖ tag ‖ ct)>`. */
const DELIVERY_ENVELOPE = 'dlv1';
/** Prefix of sealed WeChat session keys: `wsk1.<master key id>.<base64(iv ‖ tag ‖ ct)>` (about 90 characters). */
const SESSION_KEY_ENVELOPE = 'wsk1';

/** An unwrapped school data key or tip data key (lives in memory only). */
export interface DataKey {
  id: string;
  schoolId: string;
  key: Buffer;
}

/**
 * What an erased field holds in place of its ciphertext (features/retention): not an envelope, so no key opens it;
 * reading it answers ERASED_TEXT, so every view of an erased case still renders.
 */
export const ERASED_ENVELOPE = 'erased';
export const ERASED_TEXT = '（内容已按保留规则删除）';

/** How many unwrapped tip keys one process keeps in memory (the oldest is dropped first). */
const TIP_KEY_CACHE = 2000;

/** The AAD that binds a wrapped tip key to its key id and its tip. */
export function tipKeyAad(keyId: string, tipId: string): string {
  return `tip_key:${keyId}:${tipId}`;
}

/**
 * Per-school data keys, per-tip data keys and the encryption of tip content at rest.
 * School data keys are random 32 bytes, stored only wrapped by `ANXIN_MASTER_KEY`; each tip's content is sealed
 * under the tip's own random 32-byte key (`tip_keys`), stored only wrapped by its school's data key, so erasing a
 * case is deleting one key row with the ciphertext (crypto-shredding). Unwrapped keys are cached in memory by key
 * id (a key never changes; only a school key's wrapping does, see cli/keys-rotate.ts).
 */
@Injectable()
export class CryptoService {
  private readonly unwrapped = new Map<string, DataKey>();
  private readonly tipKeys = new Map<string, DataKey>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The school's data key, created (inside the caller's transaction) the first time the school needs one. */
  async schoolKey(m: EntityManager, schoolId: string): Promise<DataKey> {
    // Read by every batch that encrypts (signatures, answers, tips): plain SQL, read as `find` reads it (entity-rows.ts).
    let [row] = await entityRows.findBy(m, SchoolKeyEntity, { school_id: schoolId });
    if (!row) {
      const id = randomUUID();
      const key = randomBytes(32);
      // orIgnore: two first tips of one school at once both try; the unique school_id keeps one key.
      await m.createQueryBuilder().insert().into(SchoolKeyEntity).values({
        id, schoolId, wrappedKey: wrapKey(this.config.masterKey, key, id, schoolId),
        masterKeyId: this.config.masterKeyId, createdAt: this.clock.now(), rewrappedAt: null,
      }).orIgnore().execute();
      row = await m.findOneOrFail(SchoolKeyEntity, { where: { schoolId } });
    }
    return this.unwrap(row);
  }

  /** All keys of a school (today one; the list keeps lookups right if a school ever gets a second key). */
  async schoolKeys(m: EntityManager, schoolId: string): Promise<DataKey[]> {
    const rows = await m.find(SchoolKeyEntity, { where: { schoolId } });
    return rows.map((r) => this.unwrap(r));
  }

  /**
   * The tip's own data key, created (inside the caller's transaction, wrapped by the school's key) the first time the
   * tip needs one. `allSealed` is recorded only on creation: true when the tip is being filed (nothing of it exists
   * under another key), false for a tip filed before tips had their own keys (the re-seal step finishes it).
   */
  async tipKey(m: EntityManager, schoolId: string, tipId: string, allSealed = false): Promise<DataKey> {
    let row = await m.findOne(TipKeyEntity, { where: { tipId } });
    if (!row) {
      const school = await this.schoolKey(m, schoolId);
      const id = randomUUID();
      const key = randomBytes(32);
      // orIgnore: two first writes on an older tip at once both try; the unique tip_id keeps one key.
      await m.createQueryBuilder().insert().into(TipKeyEntity).values({
        id, tipId, schoolId, schoolKeyId: school.id, wrappedKey: gcmSeal(school.key, key, tipKeyAad(id, tipId)).toString('base64'),
        allSealed, createdAt: this.clock.now(),
      }).orIgnore().execute();
      row = await m.findOneOrFail(TipKeyEntity, { where: { tipId } });
    }
    if (row.schoolId !== schoolId) throw new Error(`tip key ${row.id} belongs to another school`);
    return this.unwrapTipKey(m, row);
  }

  /** Forgets an erased tip key in this process (the row itself is deleted by the caller, in its transaction). */
  forgetTipKey(keyId: string): void {
    this.tipKeys.delete(keyId);
  }

  async keyById(keyId: string, m: EntityManager = this.ds.manager): Promise<DataKey> {
    const cached = this.unwrapped.get(keyId) ?? this.tipKeys.get(keyId);
    if (cached) return cached;
    const row = await m.findOne(SchoolKeyEntity, { where: { id: keyId } });
    if (row) return this.unwrap(row);
    const tipRow = await m.findOne(TipKeyEntity, { where: { id: keyId } });
    if (!tipRow) throw new Error(`data key ${keyId} does not exist (erased, or never made)`);
    return this.unwrapTipKey(m, tipRow);
  }

  encryptText(key: DataKey, plaintext: string, aad: string): string {
    return formatEnvelope(key.id, gcmSeal(key.key, Buffer.from(plaintext, 'utf8'), aad));
  }

  encryptOptional(key: DataKey, plaintext: string | null | undefined, aad: string): string | null {
    return plaintext === null || plaintext === undefined || plaintext === '' ? null : this.encryptText(key, plaintext, aad);
  }

  async decryptText(envelope: string, aad: string, m?: EntityManager): Promise<string> {
    if (envelope === ERASED_ENVELOPE) return ERASED_TEXT;
    const { keyId, sealed } = parseEnvelope(envelope);
    const key = await this.keyById(keyId, m);
    return gcmOpen(key.key, sealed, aad).toString('utf8');
  }

  async decryptOptional(envelope: string | null, aad: string, m?: EntityManager): Promise<string | null> {
    return envelope === null ? null : this.decryptText(envelope, aad, m);
  }

  encryptBytes(key: DataKey, data: Buffer, aad: string): Buffer {
    return gcmSeal(key.key, data, aad);
  }

  async decryptBytes(keyId: string, sealed: Buffer, aad: string, m?: EntityManager): Promise<Buffer> {
    const key = await this.keyById(keyId, m);
    return gcmOpen(key.key, sealed, aad);
  }

  /** HMAC under a purpose-bound subkey of a school's data key (receipt lookup index, idempotency keys). */
  schoolHmac(key: DataKey, purpose: string, value: string): string {
    return hmacHex(subkey(key.key, purpose), value);
  }

  /**
   * The delivery-only key: derived from the master key for this one purpose, never a school's tip data key, so
   * staff-side code that can open a school's tips cannot open what only the delivery system may read (the WeChat
   * account a reporter asked to be alerted on). Sealed values name the master key; after a master key change
   * they no longer open (`openForDelivery` answers null) and the reporter turns the alert on again.
   */
  sealForDelivery(plaintext: string, aad: string): string {
    const sealed = gcmSeal(subkey(this.config.masterKey, 'delivery-recipient'), Buffer.from(plaintext, 'utf8'), `delivery:${aad}`);
    return `${DELIVERY_ENVELOPE}.${this.config.masterKeyId}.${sealed.toString('base64')}`;
  }

  openForDelivery(envelope: string, aad: string): string | null {
    const [prefix, masterKeyId, data] = envelope.split('.');
    if (prefix !== DELIVERY_ENVELOPE || !data) throw new Error('not a delivery envelope');
    if (masterKeyId !== this.config.masterKeyId) return null;
    return gcmOpen(subkey(this.config.masterKey, 'delivery-recipient'), Buffer.from(data, 'base64'), `delivery:${aad}`).toString('utf8');
  }

  /**
   * A user's WeChat session_key at rest, sealed under its own master-key subkey and bound to the user. Like the
   * delivery envelope it names the master key; after a master key change it no longer opens (null) and the next
   * WeChat login stores a fresh one.
   */
  sealWechatSessionKey(userId: string, sessionKey: string): string {
    const sealed = gcmSeal(subkey(this.config.masterKey, 'wechat-session-key'), Buffer.from(sessionKey, 'utf8'), `wechat_session_key:${userId}`);
    return `${SESSION_KEY_ENVELOPE}.${this.config.masterKeyId}.${sealed.toString('base64')}`;
  }

  /** The session_key sealed by `sealWechatSessionKey`, or null when it cannot be opened here (other master key, not sealed). */
  openWechatSessionKey(userId: string, envelope: string | null): string | null {
    const [prefix, masterKeyId, data] = (envelope ?? '').split('.');
    if (prefix !== SESSION_KEY_ENVELOPE || !data || masterKeyId !== this.config.masterKeyId) return null;
    try {
      return gcmOpen(subkey(this.config.masterKey, 'wechat-session-key'), Buffer.from(data, 'base64'), `wechat_session_key:${userId}`).toString('utf8');
    } catch {
      return null;
    }
  }

  private async unwrapTipKey(m: EntityManager, row: TipKeyEntity): Promise<DataKey> {
    const cached = this.tipKeys.get(row.id);
    if (cached) return cached;
    const school = await this.keyById(row.schoolKeyId, m);
    const key: DataKey = { id: row.id, schoolId: row.schoolId, key: gcmOpen(school.key, Buffer.from(row.wrappedKey, 'base64'), tipKeyAad(row.id, row.tipId)) };
    if (this.tipKeys.size >= TIP_KEY_CACHE) this.tipKeys.delete(this.tipKeys.keys().next().value as string);
    this.tipKeys.set(row.id, key);
    return key;
  }

  private unwrap(row: SchoolKeyEntity): DataKey {
    const cached = this.unwrapped.get(row.id);
    if (cached) return cached;
    if (row.masterKeyId !== this.config.masterKeyId) {
      throw new Error(`school key ${row.id} is wrapped by master key ${row.masterKeyId}, but the configured master key is ${this.config.masterKeyId}`);
    }
    const key: DataKey = { id: row.id, schoolId: row.schoolId, key: unwrapKey(this.config.masterKey, row.wrappedKey, row.id, row.schoolId) };
    this.unwrapped.set(row.id, key);
    return key;
  }
}
