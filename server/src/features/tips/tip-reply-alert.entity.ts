import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A reporter asked to be alerted in WeChat when the school replies (学校回复时提醒我; off unless they turn it on).
 * The only link between a tip and a person outside the named-reporter option, so: its own table, the account
 * sealed under the delivery-only key (CryptoService.sealForDelivery, never a school data key), no timestamp,
 * read by no staff route, deleted when the case is closed or the reporter turns it off.
 */
@Entity('tip_reply_alerts')
export class TipReplyAlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 36, name: 'tip_id' })
  tipId!: string;

  /** The user id to alert, sealed (`dlv1.…`). */
  @Column({ type: 'text', name: 'recipient_enc' })
  recipientEnc!: string;
}
