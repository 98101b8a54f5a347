import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one shared access token per WeChat app id, read by every server instance and worker. */
@Entity('wechat_access_tokens')
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  appid!: string;

  @Column({ type: 'varchar', length: 512, name: 'access_token', nullable: true })
  accessToken!: string | null;

  @Column({ type: 'datetime', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'datetime', name: 'updated_at' })
  updatedAt!: Date;

  /** Bumped by every refresh (and, on SQLite, by the refresher to take the write lock first). */
  @Column({ type: 'int', default: 0 })
  version!: number;

  /** The refresh in progress: a random id of the one caller that asks WeChat now, and until when the others wait for it. */
  @Column({ type: 'varchar', length: 64, name: 'refresh_by', nullable: true })
  refreshBy!: string | null;

  @Column({ type: 'datetime', name: 'refresh_until', nullable: true })
  refreshUntil!: Date | null;
}
