import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ErrorCode, Permission, type AuditAction } from '@anxin/shared';
import { AccessService } from '../../features/tenancy/access.service';
import { ClassEntity } from '../../features/tenancy/class.entity';
import { GradeEntity } from '../../features/tenancy/grade.entity';
import type { SchoolEntity } from '../../features/tenancy/school.entity';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../common/auth/auth-context';
import { Clock } from '../common/clock/clock';
import { AppException } from '../common/errors/app.exception';
import { CryptoService } from '../crypto/crypto.service';
import { iso, isoRequired } from '../database/dates';
import { isDuplicateKey } from '../database/db-errors';
import { inTransaction } from '../database/transaction';
import { OutboxEntity } from '../outbox/outbox.entity';
import { OutboxService } from '../outbox/outbox.service';
import { resolveRobotAlerts } from './robot-alerts';
import { scopeNameOf, scopeNames } from './robot-scopes';
import { ROBOT_TEST_TEMPLATE } from './robot-sender';
import { keyHint, maskedKey, parseWebhookKey, robotMarkdown } from './robot-webhook';
import { CreateRobotDto, RobotDto, RobotListDto, RobotSettingsDto, UpdateRobotDto } from './robots.dto';
import { WecomRobotSendEntity } from './wecom-robot-send.entity';
import { WecomRobotSettingsEntity } from './wecom-robot-settings.entity';
import { robotKeyAad, WecomRobotEntity } from './wecom-robot.entity';

/** Purpose of the keyed hash that finds a webhook key registered twice at one school. */
const KEY_DIGEST_PURPOSE = 'wecom-robot-key';

/**
 * The school's robot registrations (school admin and principal: SCHOOL_MANAGE): register, list (key masked),
 * rename, switch off and on, delete, send a test message through the outbox, and the school's robot settings.
 * Every change is written to the school's audit log. Another school's caller gets 404, a teacher 403.
 */
@Injectable()
export class RobotsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthContext, schoolId: string): Promise<RobotListDto> {
    await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const m = this.ds.manager;
    const robots = await m.find(WecomRobotEntity, { where: { schoolId }, order: { createdAt: 'ASC' } });
    const settings = await m.findOne(WecomRobotSettingsEntity, { where: { schoolId } });
    return { robots: await this.mapRobots(m, robots), settings: { noticesToRobots: settings?.noticesToRobots ?? false } };
  }

  async create(auth: AuthContext, schoolId: string, dto: CreateRobotDto): Promise<RobotDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const key = parseWebhookKey(dto.webhook);
    if (!key) throw AppException.badRequest(ErrorCode.ROBOT_WEBHOOK_INVALID, '请粘贴企业微信群机器人的 Webhook 地址或其中的 key');
    const scopeId = await this.checkScope(school, dto);
    const now = this.clock.now();
    const id = randomUUID();
    try {
      return await inTransaction(this.ds, async (m) => {
        const digests = (await this.crypto.schoolKeys(m, school.id)).map((k) => this.crypto.schoolHmac(k, KEY_DIGEST_PURPOSE, key));
        const dataKey = await this.crypto.schoolKey(m, school.id);
        const digest = this.crypto.schoolHmac(dataKey, KEY_DIGEST_PURPOSE, key);
        const twice = await m.createQueryBuilder(WecomRobotEntity, 'r')
          .where('r.school_id = :school AND r.key_digest IN (:...digests)', { school: school.id, digests: [...new Set([...digests, digest])] })
          .getExists();
        if (twice) throw alreadyRegistered();
        const robot: WecomRobotEntity = Object.assign(new WecomRobotEntity(), {
          id, schoolId: school.id, scope: dto.scope, scopeId, name: dto.name.trim(),
          keyCiphertext: this.crypto.encryptText(dataKey, key, robotKeyAad(id, school.id)), keyDigest: digest, keyHint: keyHint(key),
          status: 'active', lastResult: null, lastResultAt: null, lastError: null, rateBlockedUntil: null, lastTestKey: null, lastTestAt: null,
          createdAt: now, updatedAt: now,
        });
        await m.insert(WecomRobotEntity, robot);
        await this.record(m, auth, school, 'robot.registered', robot, { name: robot.name, scope: robot.scope, scopeId, key: maskedKey(robot.keyHint) });
        return (await this.mapRobots(m, [robot]))[0];
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw alreadyRegistered();
      throw e;
    }
  }

  async update(auth: AuthContext, schoolId: string, robotId: string, dto: UpdateRobotDto): Promise<RobotDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      const robot = await this.robotOf(m, school.id, robotId);
      const changes: Partial<WecomRobotEntity> = {};
      if (dto.name !== undefined && dto.name.trim() !== robot.name) changes.name = dto.name.trim();
      if (dto.enabled === false && robot.status !== 'disabled') changes.status = 'disabled';
      if (dto.enabled === true && robot.status === 'disabled') changes.status = 'active';
      if (Object.keys(changes).length) {
        await m.update(WecomRobotEntity, { id: robot.id }, { ...changes, updatedAt: this.clock.now() });
        await this.record(m, auth, school, 'robot.updated', robot, {
          ...(changes.name ? { name: { old: robot.name, new: changes.name } } : {}),
          ...(changes.status ? { status: { old: robot.status, new: changes.status } } : {}),
        });
        Object.assign(robot, changes);
      }
      return (await this.mapRobots(m, [robot]))[0];
    });
  }

  /** Deletes the registration and its key; its posts still waiting fail, and its open alerts are resolved. */
  async remove(auth: AuthContext, schoolId: string, robotId: string): Promise<void> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    await inTransaction(this.ds, async (m) => {
      const robot = await this.robotOf(m, school.id, robotId);
      const now = this.clock.now();
      await m.delete(WecomRobotEntity, { id: robot.id });
      await m.delete(WecomRobotSendEntity, { robotId: robot.id });
      await m.createQueryBuilder().update(OutboxEntity).set({ status: 'failed', lastError: 'robot registration deleted' })
        .where("robot_id = :id AND status = 'pending'", { id: robot.id }).execute();
      await resolveRobotAlerts(m, robot.id, now);
      await this.record(m, auth, school, 'robot.deleted', robot, { name: robot.name, scope: robot.scope, scopeId: robot.scopeId, key: maskedKey(robot.keyHint) });
    });
  }

  /** Queues a test message to the robot (sent by the worker, never from this request); the list shows its result. */
  async test(auth: AuthContext, schoolId: string, robotId: string): Promise<RobotDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      const robot = await this.robotOf(m, school.id, robotId);
      if (robot.status === 'disabled') throw AppException.conflict(ErrorCode.ROBOT_DISABLED, '这个群机器人已停用，请先启用再测试');
      const now = this.clock.now();
      const dedupeKey = `${ROBOT_TEST_TEMPLATE}:${robot.id}:${randomUUID()}`;
      const title = '安心家校 · 群机器人测试';
      await this.outbox.enqueue(m, {
        dedupeKey, channel: 'wecom_robot', schoolId: school.id, robotId: robot.id, template: ROBOT_TEST_TEMPLATE, title,
        body: robotMarkdown({ title, markdown: `这是来自${school.name}的测试消息。收到即表示群机器人「${robot.name}」可以接收学校发出的通知和预警。` }),
      });
      await m.update(WecomRobotEntity, { id: robot.id }, { lastTestKey: dedupeKey, lastTestAt: now });
      await this.record(m, auth, school, 'robot.tested', robot, { name: robot.name });
      Object.assign(robot, { lastTestKey: dedupeKey, lastTestAt: now });
      return (await this.mapRobots(m, [robot]))[0];
    });
  }

  async updateSettings(auth: AuthContext, schoolId: string, dto: RobotSettingsDto): Promise<RobotSettingsDto> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    return inTransaction(this.ds, async (m) => {
      const before = (await m.findOne(WecomRobotSettingsEntity, { where: { schoolId: school.id } }))?.noticesToRobots ?? false;
      if (before !== dto.noticesToRobots) {
        await m.upsert(WecomRobotSettingsEntity, { schoolId: school.id, noticesToRobots: dto.noticesToRobots, updatedAt: this.clock.now() }, ['schoolId']);
        await this.audit.append(m, {
          schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'robot.settings_changed',
          targetType: 'school', targetId: school.id, details: { noticesToRobots: { old: before, new: dto.noticesToRobots } },
        });
      }
      return { noticesToRobots: dto.noticesToRobots };
    });
  }

  /** A grade or class of this school for a grade or class robot (another school's: 404); nothing for the whole school. */
  private async checkScope(school: SchoolEntity, dto: CreateRobotDto): Promise<string | null> {
    if (dto.scope === 'school') {
      if (dto.scopeId !== undefined) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '全校机器人不需要 scopeId');
      return null;
    }
    if (dto.scopeId === undefined) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, dto.scope === 'grade' ? '请选择年级' : '请选择班级');
    const exists = dto.scope === 'grade'
      ? await this.ds.getRepository(GradeEntity).exists({ where: { id: dto.scopeId, schoolId: school.id } })
      : await this.ds.getRepository(ClassEntity).exists({ where: { id: dto.scopeId, schoolId: school.id } });
    if (!exists) throw AppException.notFound(dto.scope === 'grade' ? '年级' : '班级');
    return dto.scopeId;
  }

  private async robotOf(m: EntityManager, schoolId: string, robotId: string): Promise<WecomRobotEntity> {
    const robot = await m.findOne(WecomRobotEntity, { where: { id: robotId, schoolId } });
    if (!robot) throw AppException.notFound('群机器人');
    return robot;
  }

  private record(m: EntityManager, auth: AuthContext, school: SchoolEntity, action: AuditAction, robot: WecomRobotEntity, details: Record<string, unknown>) {
    return this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action,
      targetType: 'wecom_robot', targetId: robot.id, details,
    });
  }

  /** Robots as the app sees them: the key masked, the scope named, the latest test as its outbox row stands. */
  private async mapRobots(m: EntityManager, robots: WecomRobotEntity[]): Promise<RobotDto[]> {
    const names = await scopeNames(m, robots);
    const testKeys = robots.map((r) => r.lastTestKey).filter((k): k is string => !!k);
    const tests = testKeys.length
      ? await m.find(OutboxEntity, { where: { dedupeKey: In(testKeys) }, select: { dedupeKey: true, status: true, lastError: true } })
      : [];
    const testRow = new Map(tests.map((t) => [t.dedupeKey, t]));
    return robots.map((r) => {
      const row = r.lastTestKey ? testRow.get(r.lastTestKey) : undefined;
      return {
        id: r.id, schoolId: r.schoolId, name: r.name, scope: r.scope, scopeId: r.scopeId, scopeName: scopeNameOf(names, r),
        keyMasked: maskedKey(r.keyHint), status: r.status, lastResult: r.lastResult, lastResultAt: iso(r.lastResultAt), lastError: r.lastError,
        lastTest: r.lastTestAt && row ? {
          requestedAt: isoRequired(r.lastTestAt),
          status: row.status === 'sent' ? 'sent' : row.status === 'failed' || row.status === 'dead' ? 'failed' : 'queued',
          error: row.status === 'sent' ? null : row.lastError,
        } : null,
        createdAt: isoRequired(r.createdAt),
      };
    });
  }
}

function alreadyRegistered(): AppException {
  return AppException.conflict(ErrorCode.ALREADY_EXISTS, '这个群机器人已经添加过了');
}
