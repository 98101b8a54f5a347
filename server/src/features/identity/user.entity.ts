import { Column, Entity } from 'typeorm';
import { utcDayTransformer } from '../../platform/common/clock/utc-day';
import { UuidEntity } from '../../platform/database/base.entity';

@Entity('users')
export class UserEntity extends UuidEntity {
  /** WeChat openid; for demo users `demo:<role>`. Never copied into tips or their logs. */
  @Column({ type: 'varchar', length: 64, name: 'openid' })
  openid!: string;

  @Column({ type: 'varchar', length: 64, name: 'unionid', nullable: true })
  unionid!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'display_name' })
  displayName!: string;

  /** code2Session's latest session_key, sealed (CryptoService.sealWechatSessionKey): kept server-side only, to decrypt group share data. Never returned. */
  @Column({ type: 'varchar', length: 128, name: 'wx_session_key', nullable: true, select: false })
  wxSessionKey!: string | null;

  @Column({ type: 'boolean', name: 'is_demo', default: false })
  isDemo!: boolean;

  @Column({ type: 'boolean', name: 'disabled', default: false })
  disabled!: boolean;

  /** Only the UTC day is stored (reads back as 00:00 UTC): a first login's exact time would sit next to a first tip's. */
  @Column({ type: 'date', name: 'created_on', utc: true, transformer: utcDayTransformer })
  createdAt!: Date;
}
