import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ClassEntity } from '../../features/tenancy/class.entity';
import { OutboxService } from '../outbox/outbox.service';
import { robotMarkdown, type RobotPostText } from './robot-webhook';
import { WecomRobotSettingsEntity } from './wecom-robot-settings.entity';
import { WecomRobotEntity } from './wecom-robot.entity';

/** Who a post is for: the whole school, some grades, or some classes (ids of other schools are ignored). */
export type RobotAudience = { kind: 'school' } | { kind: 'grades'; gradeIds: string[] } | { kind: 'classes'; classIds: string[] };

/** `urgent` (an urgent warning) always goes to the robots; `notice` only when the school turned noticesToRobots on. */
export type RobotPostPurpose = 'urgent' | 'notice';

export interface RobotPost extends RobotPostText {
  purpose: RobotPostPurpose;
  /** The domain event (e.g. `notice.published:<id>`): each robot gets one row per event, however often it is enqueued. */
  dedupeKey: string;
}

/** Template kinds of robot posts in the outbox (no WeChat template: robots take markdown). */
export const ROBOT_POST_TEMPLATES: Record<RobotPostPurpose, string> = { urgent: 'robot.urgent', notice: 'robot.notice' };

/**
 * The delivery path of posts into WeCom groups, for features to call inside their own transaction:
 * `enqueueForAudience(m, schoolId, audience, post)` writes one outbox row (channel `wecom_robot`) per active robot of
 * the audience, committed with the change it announces; the worker sends them within each robot's per-minute limit.
 * Which robots an audience reaches:
 *   - the school: every active robot of the school;
 *   - grades: the school's whole-school robots, those grades' robots and the robots of their classes;
 *   - classes: the school's whole-school robots and those classes' robots (not their grade's: that group holds other
 *     classes' parents too).
 */
@Injectable()
export class RobotPosts {
  constructor(private readonly outbox: OutboxService) {}

  /** Enqueues `post` to the robots of `audience`; answers the robot ids it went to (none for a notice the school keeps off the robots). */
  async enqueueForAudience(m: EntityManager, schoolId: string, audience: RobotAudience, post: RobotPost): Promise<string[]> {
    if (post.purpose === 'notice' && !(await this.noticesToRobots(m, schoolId))) return [];
    const robots = await this.robotsFor(m, schoolId, audience);
    if (robots.length === 0) return [];
    const content = robotMarkdown(post);
    for (const robot of robots) {
      await this.outbox.enqueue(m, {
        dedupeKey: robotPostKey(post.dedupeKey, robot.id), channel: 'wecom_robot', schoolId, robotId: robot.id,
        template: ROBOT_POST_TEMPLATES[post.purpose], title: post.title, body: content, page: null,
      });
    }
    return robots.map((r) => r.id);
  }

  async noticesToRobots(m: EntityManager, schoolId: string): Promise<boolean> {
    return (await m.findOne(WecomRobotSettingsEntity, { where: { schoolId } }))?.noticesToRobots ?? false;
  }

  /** The active robots an audience reaches (see the class comment), each once. */
  async robotsFor(m: EntityManager, schoolId: string, audience: RobotAudience): Promise<WecomRobotEntity[]> {
    const active = { schoolId, status: 'active' as const };
    if (audience.kind === 'school') return m.find(WecomRobotEntity, { where: active, order: { createdAt: 'ASC' } });
    const scoped: { scope: 'school' | 'grade' | 'class'; ids: string[] }[] = [];
    if (audience.kind === 'grades') {
      const classes = audience.gradeIds.length ? await m.find(ClassEntity, { where: { schoolId, gradeId: In(audience.gradeIds) }, select: { id: true } }) : [];
      scoped.push({ scope: 'grade', ids: audience.gradeIds }, { scope: 'class', ids: classes.map((c) => c.id) });
    } else {
      scoped.push({ scope: 'class', ids: audience.classIds });
    }
    const found = await m.find(WecomRobotEntity, {
      where: [
        { ...active, scope: 'school' },
        ...scoped.filter((s) => s.ids.length).map((s) => ({ ...active, scope: s.scope, scopeId: In([...new Set(s.ids)]) })),
      ],
      order: { createdAt: 'ASC' },
    });
    return found;
  }
}

/** One robot's row of an event, within the outbox's 191-character dedupe key. */
export function robotPostKey(dedupeKey: string, robotId: string): string {
  const key = `${dedupeKey}|robot:${robotId}`;
  return key.length <= 191 ? key : `h:${createHash('sha256').update(dedupeKey).digest('hex')}|robot:${robotId}`;
}
