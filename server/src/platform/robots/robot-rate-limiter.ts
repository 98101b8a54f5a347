import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { WecomRobotSendEntity } from './wecom-robot-send.entity';
import type { WecomRobotEntity } from './wecom-robot.entity';

/** WeCom counts a robot's messages per minute. */
export const ROBOT_WINDOW_MS = 60_000;

/**
 * At most WECOM_ROBOT_PER_MINUTE sends per robot in any 60 s, counted in the database (`wecom_robot_sends`), so
 * every worker in every process shares one count per robot. A send over the limit is not refused: the caller is
 * told when the robot's next slot frees, and the outbox row waits until then (queued, not dropped).
 */
@Injectable()
export class RobotRateLimiter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get perMinute(): number {
    return this.config.wechat.robotPerMinute;
  }

  /**
   * Takes a slot for a send at `now`, or answers when one frees. Must run in the transaction that locked the
   * robot's row (SELECT … FOR UPDATE on MariaDB/MySQL; SQLite has one writer), so two workers never count the same
   * free slot. A robot WeCom answered 45009 for waits until `rateBlockedUntil` whatever the count says.
   */
  async take(m: EntityManager, robot: Pick<WecomRobotEntity, 'id' | 'rateBlockedUntil'>, now: Date): Promise<{ ok: true } | { ok: false; at: Date }> {
    if (robot.rateBlockedUntil && robot.rateBlockedUntil.getTime() > now.getTime()) return { ok: false, at: robot.rateBlockedUntil };
    await m.createQueryBuilder().delete().from(WecomRobotSendEntity)
      .where('robot_id = :id AND sent_at <= :start', { id: robot.id, start: new Date(now.getTime() - ROBOT_WINDOW_MS) })
      .execute();
    const recent = await m.find(WecomRobotSendEntity, { where: { robotId: robot.id }, order: { sentAt: 'ASC' }, select: { id: true, sentAt: true } });
    if (recent.length >= this.perMinute) {
      // The window holds perMinute sends once the oldest ones beyond (perMinute − 1) have left it.
      return { ok: false, at: new Date(recent[recent.length - this.perMinute].sentAt.getTime() + ROBOT_WINDOW_MS) };
    }
    await m.insert(WecomRobotSendEntity, { id: randomUUID(), robotId: robot.id, sentAt: now });
    return { ok: true };
  }
}
