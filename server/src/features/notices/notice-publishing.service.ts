import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, NOTICE_LIMITS, Permission, type NoticeStaffDetail } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { RobotPosts } from '../../platform/robots/robot-posts';
import { SchedulerService } from '../../platform/scheduler/scheduler.service';
import type { DueAction } from '../../platform/scheduler/scheduler.types';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { NoticeAccess } from './notice-access';
import { resolveAudience } from './notice-audience';
import { checkBodyImages } from './notice-body-images';
import { NoticeContentCheck, type NoticeVerdict } from './notice-content-check';
import { replaceNoticeClasses } from './notice-drafts.service';
import { NoticeFanout } from './notice-fanout.service';
import { RECALLABLE, recallNotice } from './notice-recall';
import { postNoticeToRobots } from './notice-robot-post';
import { NoticeViews } from './notice-views';
import { NoticeEntity } from './notice.entity';
import type { PublishNoticeDto, RecallNoticeDto } from './notices.dto';

const DAY = 86_400_000;

/** Scheduled actions of a notice: publish at the chosen time, close at the confirm deadline. */
export const NoticeAction = { PUBLISH: 'notice.publish', CLOSE: 'notice.close' } as const;

/**
 * A notice's lifecycle after the draft: publish now or at a time (after WeChat's content check, outside any
 * transaction: `risky` blocks with a 422, `review` publishes and marks it for the principal), close at the confirm
 * deadline, and recall with a reason. Every change is audited in the transaction that makes it. The receipts and
 * messages are made afterwards by the worker (NoticeFanout), so publishing returns at once.
 */
@Injectable()
export class NoticePublishingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly contentCheck: NoticeContentCheck,
    private readonly views: NoticeViews,
    private readonly fanout: NoticeFanout,
    private readonly scheduler: SchedulerService,
    private readonly outbox: OutboxService,
    private readonly robots: RobotPosts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.registerHandler(NoticeAction.PUBLISH, (m, a) => this.onPublishTime(m, a));
    this.scheduler.registerHandler(NoticeAction.CLOSE, (m, a) => this.onDeadline(m, a));
  }

  async publish(auth: AuthContext, noticeId: string, dto: PublishNoticeDto): Promise<NoticeStaffDetail> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_MANAGE);
    const { notice, school } = view;
    if (notice.status !== 'draft') throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, '只有草稿可以发布');
    const now = this.clock.now();
    const at = dto.at ? new Date(dto.at) : null;
    const timeInvalid = (message: string) => AppException.unprocessable(ErrorCode.NOTICE_TIME_INVALID, message);
    if (at && at.getTime() <= now.getTime()) throw timeInvalid('定时发布的时间应晚于现在');
    if (at && at.getTime() > now.getTime() + NOTICE_LIMITS.scheduleAheadDaysMax * DAY) throw timeInvalid(`定时发布最多提前 ${NOTICE_LIMITS.scheduleAheadDaysMax} 天`);
    const publishAt = at ?? now;
    if (notice.confirmDeadline) {
      if (notice.confirmDeadline.getTime() <= publishAt.getTime()) throw timeInvalid('确认截止时间应晚于发布时间');
      if (notice.confirmDeadline.getTime() > publishAt.getTime() + NOTICE_LIMITS.deadlineDaysMax * DAY) throw timeInvalid(`确认截止时间最多在发布后 ${NOTICE_LIMITS.deadlineDaysMax} 天`);
    }
    // Resolved again now: grades and the whole school reach the classes they have at publication.
    const classes = await resolveAudience(this.ds.manager, school.id, { scope: notice.audienceScope, ids: notice.audienceIds });
    this.noticeAccess.requireAudienceAllowed(view.reach, notice.audienceScope, classes.map((c) => c.id));

    const publisher = await this.ds.getRepository(UserEntity).findOneOrFail({ where: { id: auth.userId } });
    const verdict = await this.contentCheck.check(publisher.openid, { title: notice.title, body: notice.body, question: notice.question });
    const actorRole = this.access.actingRole(auth, school);
    if (verdict.suggest === 'risky') {
      await this.recordBlocked(notice, school, auth.userId, actorRole, verdict);
      throw AppException.unprocessable(ErrorCode.NOTICE_CONTENT_RISKY, '通知内容未通过微信内容安全检查，请修改后再发布', { label: verdict.label });
    }
    await inTransaction(this.ds, async (m) => {
      // Only the version the content check read is published; a save in between means checking again.
      const res = await m.createQueryBuilder().update(NoticeEntity)
        .set({
          status: at ? 'scheduled' : 'published', scheduledAt: at, publishedAt: at ? null : now, publishedBy: auth.userId,
          contentCheck: verdict.suggest, contentCheckLabel: verdict.label, joinsScannedUntil: at ? null : now,
        })
        .where('id = :id AND status = :draft AND version = :version', { id: notice.id, draft: 'draft', version: notice.version }).execute();
      if (res.affected !== 1) throw AppException.conflict(ErrorCode.NOTICE_CHANGED, '通知刚刚被修改或已发布，请刷新后再试');
      await checkBodyImages(m, notice.id, notice.body);
      await replaceNoticeClasses(m, notice, classes.map((c) => c.id));
      const details = {
        kind: notice.kind, title: notice.title, contentHash: notice.contentHash, confirmMode: notice.confirmMode, classes: classes.length,
        contentCheck: verdict.suggest, ...(at ? { at: at.toISOString() } : {}),
      };
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole, action: at ? 'notice.scheduled' : 'notice.published', targetType: 'notice', targetId: notice.id, details,
      });
      if (at) {
        await this.scheduler.schedule(m, {
          action: NoticeAction.PUBLISH, subjectType: 'notice', subjectId: notice.id, schoolId: school.id, dueAt: at, dedupeKey: `${NoticeAction.PUBLISH}:${notice.id}`,
        });
      } else {
        await this.scheduleClose(m, notice);
        await postNoticeToRobots(this.robots, m, notice);
      }
      if (verdict.suggest === 'review') await this.askPrincipals(m, notice, school);
    });
    if (!at) this.fanout.kick();
    return this.views.staffDetail(await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ));
  }

  /** Recall a published, closed or scheduled notice: guardians then see the reason instead of the content. */
  async recall(auth: AuthContext, noticeId: string, dto: RecallNoticeDto): Promise<NoticeStaffDetail> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_MANAGE);
    const { notice, school } = view;
    if (!RECALLABLE.includes(notice.status)) {
      throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, notice.status === 'recalled' ? '这条通知已经撤回' : '草稿无需撤回');
    }
    await inTransaction(this.ds, (m) => recallNotice(m, { scheduler: this.scheduler, audit: this.audit }, {
      notice, userId: auth.userId, actorRole: this.access.actingRole(auth, school), reason: dto.reason, now: this.clock.now(),
    }));
    return this.views.staffDetail(await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ));
  }

  /**
   * The scheduled time came: published now (the audience resolved again), unless it was recalled meanwhile. The
   * fan-out job finds it on its next run.
   */
  private async onPublishTime(m: EntityManager, action: DueAction): Promise<void> {
    const notice = await m.findOne(NoticeEntity, { where: { id: action.subjectId } });
    if (!notice || notice.status !== 'scheduled') return;
    const now = this.clock.now();
    const res = await m.createQueryBuilder().update(NoticeEntity).set({ status: 'published', publishedAt: now, joinsScannedUntil: now })
      .where('id = :id AND status = :scheduled', { id: notice.id, scheduled: 'scheduled' }).execute();
    if (res.affected !== 1) return;
    const classes = await resolveAudience(m, notice.schoolId, { scope: notice.audienceScope, ids: notice.audienceIds }).catch(() => null);
    // A class chosen at scheduling may be gone; the classes of that moment stay then.
    if (classes) await replaceNoticeClasses(m, notice, classes.map((c) => c.id));
    await this.scheduleClose(m, notice);
    await postNoticeToRobots(this.robots, m, notice);
    await this.audit.append(m, {
      schoolId: notice.schoolId, actorUserId: notice.publishedBy, actorRole: 'system', action: 'notice.published', targetType: 'notice', targetId: notice.id,
      details: { kind: notice.kind, title: notice.title, contentHash: notice.contentHash, confirmMode: notice.confirmMode, scheduled: true },
    });
  }

  /** The confirm deadline: no more confirmations, signatures or answers. */
  private async onDeadline(m: EntityManager, action: DueAction): Promise<void> {
    const now = this.clock.now();
    const res = await m.createQueryBuilder().update(NoticeEntity).set({ status: 'closed', closedAt: now })
      .where('id = :id AND status = :published', { id: action.subjectId, published: 'published' }).execute();
    if (res.affected !== 1) return;
    const notice = await m.findOneOrFail(NoticeEntity, { where: { id: action.subjectId } });
    await this.audit.append(m, {
      schoolId: notice.schoolId, actorUserId: null, actorRole: 'system', action: 'notice.closed', targetType: 'notice', targetId: notice.id,
      details: { deadline: notice.confirmDeadline?.toISOString() ?? null },
    });
  }

  async scheduleClose(m: EntityManager, notice: NoticeEntity): Promise<void> {
    if (!notice.confirmDeadline) return;
    await this.scheduler.schedule(m, {
      action: NoticeAction.CLOSE, subjectType: 'notice', subjectId: notice.id, schoolId: notice.schoolId, dueAt: notice.confirmDeadline,
      dedupeKey: `${NoticeAction.CLOSE}:${notice.id}`,
    });
  }

  /** A refused publication is kept on the draft and in the audit chain (the school can see it was tried). */
  private async recordBlocked(notice: NoticeEntity, school: SchoolEntity, userId: string, actorRole: string | null, verdict: NoticeVerdict): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      await m.update(NoticeEntity, { id: notice.id, status: 'draft' }, { contentCheck: 'risky', contentCheckLabel: verdict.label });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: userId, actorRole, action: 'notice.publish_blocked', targetType: 'notice', targetId: notice.id,
        details: { label: verdict.label, contentHash: notice.contentHash },
      });
    });
  }

  /** `review`: published, and each principal of the school finds it in their in-app inbox to look at. */
  async askPrincipals(m: EntityManager, notice: NoticeEntity, school: SchoolEntity): Promise<void> {
    const principals = await m.find(StaffRoleEntity, { where: { schoolId: school.id, role: 'principal' } });
    for (const p of principals) {
      await this.outbox.enqueue(m, {
        dedupeKey: `notice.review:${notice.id}:${p.userId}`, channel: 'inbox_only', schoolId: school.id, recipientUserId: p.userId,
        template: 'notice.review', title: `请复核：${notice.title}`, body: '这条通知被微信内容安全检查标记为“需人工复核”，已经发出，请校长查看内容是否妥当。',
      });
    }
  }
}
