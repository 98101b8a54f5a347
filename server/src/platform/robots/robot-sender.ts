import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RobotLastResult } from '@anxin/shared';
import { Clock } from '../common/clock/clock';
import { CryptoService } from '../crypto/crypto.service';
import { inTransaction } from '../database/transaction';
import { DeliveryAlertRaiser } from '../outbox/delivery-alert-raiser';
import type { OutboxEntity } from '../outbox/outbox.entity';
import { WechatApiError } from '../wechat/wechat-api.errors';
import { WecomRobotClient } from '../wechat/wecom-robot.client';
import { resolveRobotAlerts } from './robot-alerts';
import { RobotRateLimiter, ROBOT_WINDOW_MS } from './robot-rate-limiter';
import { scopeNameOf, scopeNames } from './robot-scopes';
import { robotKeyAad, WecomRobotEntity } from './wecom-robot.entity';

/** Template kind of a robot's test message (POST /schools/{id}/robots/{robotId}/test). */
export const ROBOT_TEST_TEMPLATE = 'robot.test';

/** What became of one robot row, in the outbox dispatcher's terms. */
export type RobotSendOutcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string; minDelayMs?: number }
  | { kind: 'permanent'; error: string }
  | { kind: 'deferred'; untilMs: number };

/**
 * Sends one outbox row of channel `wecom_robot` (the dispatcher calls it for each such row). In one transaction it
 * locks the robot's registration, checks it may post, and takes a slot of its per-minute limit; outside any
 * transaction it decrypts the webhook key and posts the markdown to WeCom; then it records the result on the
 * registration. 93000 (the robot was removed from its group, or the key is wrong) marks the registration broken and
 * raises one delivery alert for the school's admins naming the robot; 45009 keeps the robot's sends back for a
 * minute. Errors other than those are thrown on, and the dispatcher retries them as for WeChat.
 */
@Injectable()
export class RobotSender {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly crypto: CryptoService,
    private readonly client: WecomRobotClient,
    private readonly limiter: RobotRateLimiter,
    private readonly alerts: DeliveryAlertRaiser,
  ) {}

  async send(row: OutboxEntity): Promise<RobotSendOutcome> {
    const test = row.template === ROBOT_TEST_TEMPLATE;
    const slot = await inTransaction(this.ds, async (m): Promise<RobotSendOutcome | { kind: 'go'; robot: WecomRobotEntity }> => {
      const robot = row.robotId ? await this.lockRobot(m, row.robotId) : null;
      if (!robot || robot.schoolId !== row.schoolId) return { kind: 'permanent', error: 'robot registration deleted' };
      if (robot.status === 'disabled') return { kind: 'permanent', error: 'robot switched off by the school' };
      // A test may check a broken robot again; posts do not go to one.
      if (robot.status === 'broken' && !test) return { kind: 'permanent', error: '93000 robot removed (seen on an earlier send)' };
      const now = this.clock.now();
      const taken = await this.limiter.take(m, robot, now);
      if (!taken.ok) return { kind: 'deferred', untilMs: taken.at.getTime() - now.getTime() };
      return { kind: 'go', robot };
    });
    if (slot.kind !== 'go') return slot;
    const robot = slot.robot;
    let key: string;
    try {
      key = await this.crypto.decryptText(robot.keyCiphertext, robotKeyAad(robot.id, robot.schoolId));
    } catch {
      return { kind: 'permanent', error: 'robot key cannot be decrypted' };
    }
    try {
      await this.client.send(key, { msgtype: 'markdown', content: row.body }, row.id);
    } catch (e) {
      if (!(e instanceof WechatApiError)) {
        await this.note(robot.id, 'failed', String((e as Error)?.message ?? e));
        throw e;
      }
      const error = `${e.errcode} ${e.errmsg}`.slice(0, 200);
      if (e.errcode === 93000) {
        await this.markRemoved(robot, error);
        return { kind: 'permanent', error };
      }
      if (e.errcode === 45009) {
        // WeCom counted more than we did (another system posting through the same robot): hold the robot a minute.
        await this.note(robot.id, 'rate_limited', error, new Date(this.clock.now().getTime() + ROBOT_WINDOW_MS));
        return { kind: 'retry', error, minDelayMs: ROBOT_WINDOW_MS };
      }
      await this.note(robot.id, 'failed', error);
      throw e;
    }
    await this.note(robot.id, 'sent', null);
    return { kind: 'sent' };
  }

  private async lockRobot(m: EntityManager, robotId: string): Promise<WecomRobotEntity | null> {
    const qb = m.createQueryBuilder(WecomRobotEntity, 'r').addSelect('r.keyCiphertext').where('r.id = :id', { id: robotId });
    if (this.ds.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The latest result on the registration; a send that went through also brings a broken robot back (a passing test). */
  private async note(robotId: string, result: RobotLastResult, error: string | null, blockUntil?: Date): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      await m.update(WecomRobotEntity, { id: robotId }, {
        lastResult: result, lastResultAt: now, lastError: error?.slice(0, 200) ?? null, updatedAt: now,
        ...(blockUntil ? { rateBlockedUntil: blockUntil } : {}),
      });
      if (result !== 'sent') return;
      const revived = await m.update(WecomRobotEntity, { id: robotId, status: 'broken' }, { status: 'active' });
      if (revived.affected) await resolveRobotAlerts(m, robotId, now);
    });
  }

  /** 93000: the registration is broken, and the first send to see it raises the admins' alert. */
  private async markRemoved(robot: WecomRobotEntity, error: string): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (m) => {
      const changed = await m.createQueryBuilder().update(WecomRobotEntity)
        .set({ status: 'broken', lastResult: 'removed', lastResultAt: now, lastError: error, updatedAt: now })
        .where("id = :id AND status = 'active'", { id: robot.id })
        .execute();
      await m.update(WecomRobotEntity, { id: robot.id }, { lastResult: 'removed', lastResultAt: now, lastError: error, updatedAt: now });
      if (changed.affected !== 1) return; // already broken (or switched off meanwhile): alerted then, or not wanted
      const scope = scopeNameOf(await scopeNames(m, [robot]), robot);
      await this.alerts.raiseAbout(m, {
        schoolId: robot.schoolId, kind: 'delivery.robot_removed', title: '群机器人已失效',
        body: `群机器人「${robot.name}」（${scope}）已被移出群聊或地址已失效（企业微信 93000），发往该群的消息无法送达。请在「群机器人」页面删除它，再把群里新机器人的地址添加进来。`,
        subjectType: 'wecom_robot', subjectId: robot.id, dedupeKey: `delivery.robot_removed:${robot.id}:${now.getTime()}`,
        details: { robotId: robot.id, name: robot.name, scope: robot.scope, error },
      });
    });
  }
}
