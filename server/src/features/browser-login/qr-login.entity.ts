import { Column, Entity } from 'typeorm';
import type { QrLoginRefusal } from '@anxin/shared';
import { UuidEntity } from '../../platform/database/base.entity';

/**
 * A code's life in the database, shared by every server: `pending` → `scanned` → `confirmed` → `collected`, or
 * `refused` / `expired` on the way. `collected` and `expired` answer the browser as `expired` (a code is single use).
 */
export type QrLoginState = 'pending' | 'scanned' | 'confirmed' | 'collected' | 'refused' | 'expired';

/**
 * One sign-in code (扫码登录). Its id is the browser's ticket. Only SHA-256 hashes of the scene (in the code) and of
 * the poll token (the browser's) are kept. `userId` names whoever scanned or confirmed it only while the code is
 * in use: it is cleared when the browser collects its session or finds the code ended, at the latest a minute after
 * the code expired, and the row is deleted a few minutes later, so no row keeps a staff member beside the time they
 * signed in.
 */
@Entity('qr_logins')
export class QrLoginEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 64, name: 'scene_hash' })
  sceneHash!: string;

  @Column({ type: 'varchar', length: 64, name: 'poll_hash' })
  pollHash!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: QrLoginState;

  @Column({ type: 'varchar', length: 16, nullable: true })
  refusal!: QrLoginRefusal | null;

  @Column({ type: 'varchar', length: 36, name: 'user_id', nullable: true })
  userId!: string | null;

  /** The browser and system that asked (`Chrome · Windows`). */
  @Column({ type: 'varchar', length: 64 })
  browser!: string;

  /** The browser's network, coarse (`网络 203.0.*.*`), or `未知位置`: never the address itself. */
  @Column({ type: 'varchar', length: 64 })
  location!: string;

  @Column({ type: 'datetime', name: 'expires_at' })
  expiresAt!: Date;
}
