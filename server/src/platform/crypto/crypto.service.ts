import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock/clock';
import { formatEnvelope, gcmOpen, gcmSeal, hmacHex, parseEnvelope, subkey, unwrapKey, wrapKey } from './aes-gcm';
import { SchoolKeyEntity } from './school-key.entity';

/** Prefix of values sealed under the delivery-only key: `dlv1.<master key id>.<base64(iv ‖ tag ‖ ct)>`. */
const DELIVERY_ENVELOPE = 'dlv1';
/** Prefix of sealed WeChat session keys: `wsk1.<master key id>.<base64(iv ‖ tag ‖ ct)>` (about 90 characters). */
const SESSION_KEY_ENVELOPE = 'wsk1';

/** An unwrapped school data key (lives in memory only). */
export interface DataKey {
  id: string;
  schoolId: string;
  key: Buffer;
}

/**
 * Per-school data keys and the encryption of tip content at rest.
 * Data keys are random 32 bytes, stored only wrapped by `ANXIN_MASTER_KEY`; unwrapped keys are cached in
 * memory by key id (a key never changes; only its wrapping does, see cli/keys-rotate.ts).
 */
@Injectable()
export class CryptoService {
  private readonly unwrapped = new Map<string, DataKey>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The school's data key, created (inside the caller's transaction) the first time the school needs one. */
  async schoolKey(m: EntityManager, schoolId: string): Promise<DataKey> {
    let row = await m.findOne(SchoolKeyEntity, { where: { schoolId } });
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

  async keyById(keyId: string, m: EntityManager = this.ds.manager): Promise<DataKey> {
    const cached = this.unwrapped.get(keyId);
    if (cached) return cached;
    const row = await m.findOneOrFail(SchoolKeyEntity, { where: { id: keyId } });
    return this.unwrap(row);
  }

  encryptText(key: DataKey, plaintext: string, aad: string): string {
    return formatEnvelope(key.id, gcmSeal(key.key, Buffer.from(plaintext, 'utf8'), aad));
  }

  encryptOptional(key: DataKey, plaintext: string | null | undefined, aad: string): string | null {
    return plaintext === null || plaintext === undefined || plaintext === '' ? null : this.encryptText(key, plaintext, aad);
  }

  async decryptText(envelope: string, aad: string, m?: EntityManager): Promise<string> {
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
