import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { TipReplyAlertEntity } from './tip-reply-alert.entity';

const aad = (tipId: string) => `tip_reply_alert:${tipId}`;

/** The one owner of reporter reply-alert opt-ins: set, clear, and (for the delivery system only) read. */
@Injectable()
export class TipReplyAlerts {
  constructor(private readonly crypto: CryptoService) {}

  async turnOn(m: EntityManager, tipId: string, userId: string): Promise<void> {
    await m.delete(TipReplyAlertEntity, { tipId });
    await m.insert(TipReplyAlertEntity, { tipId, recipientEnc: this.crypto.sealForDelivery(userId, aad(tipId)) });
  }

  /** Turned off by the reporter, or the case closed: the link is deleted, not flagged. */
  async forget(m: EntityManager, tipId: string): Promise<void> {
    await m.delete(TipReplyAlertEntity, { tipId });
  }

  async isOn(m: EntityManager, tipId: string): Promise<boolean> {
    return (await m.count(TipReplyAlertEntity, { where: { tipId } })) > 0;
  }

  /**
   * For the delivery system alone (never a staff route): the user to alert when the school replies on `tipId`,
   * or null (not turned on, or sealed under an earlier master key).
   */
  async recipient(m: EntityManager, tipId: string): Promise<string | null> {
    const row = await m.findOne(TipReplyAlertEntity, { where: { tipId } });
    return row ? this.crypto.openForDelivery(row.recipientEnc, aad(tipId)) : null;
  }
}
