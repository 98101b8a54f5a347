import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { correctionTitle, ErrorCode, NOTICE_LIMITS, Permission, type NoticeStaffDetail } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { RobotPosts } from '../../platform/robots/robot-posts';
import { UserEntity } from '../identity/user.entity';
import { AccessService } from '../tenancy/access.service';
import { NoticeAccess } from './notice-access';
import { copyAttachments, planAttachmentCopies } from './notice-attachment-copies';
import { noticeContentHash, resolveAudience } from './notice-audience';
import { latestOfChain } from './notice-chain';
import { NoticeContentCheck } from './notice-content-check';
import type { CorrectNoticeDto } from './notice-corrections.dto';
import { checkBodyImages } from './notice-body-images';
import { checkQuestion, replaceNoticeClasses } from './notice-drafts.service';
import { NoticeFanout } from './notice-fanout.service';
import { NoticePublishingService } from './notice-publishing.service';
import { postNoticeToRobots } from './notice-robot-post';
import { NoticeViews } from './notice-views';
import { NoticeEntity } from './notice.entity';

const DAY = 86_400_000;

/**
 * Corrections (更正): a published notice never changes. Whoever may manage it publishes a correction instead — a new
 * notice of the same kind to the same audience (resolved again now), titled 【更正】…, carrying the note of what
 * changed and linked both ways to the notice it corrects (a notice already corrected: its chain's latest is corrected).
 * Like a publication it passes WeChat's content check first (outside any transaction; `risky` refuses, `review`
 * marks it for the principal) and its receipts and messages come from the worker's fan-out, quiet hours included.
 * Every guardian of the audience gets a fresh receipt of the correction, so one who had confirmed or signed the
 * original confirms again; their receipt of the original stays as it was, with the content hash of what they saw.
 */
@Injectable()
export class NoticeCorrectionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly contentCheck: NoticeContentCheck,
    private readonly publishing: NoticePublishingService,
    private readonly views: NoticeViews,
    private readonly fanout: NoticeFanout,
    private readonly robots: RobotPosts,
    private readonly audit: AuditService,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
  ) {}

  async correct(auth: AuthContext, noticeId: string, dto: CorrectNoticeDto): Promise<NoticeStaffDetail> {
    const named = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_MANAGE);
    const latest = await latestOfChain(this.ds.manager, named.notice);
    const view = latest.id === named.notice.id ? named : await this.noticeAccess.notice(auth, latest.id, Permission.NOTICE_MANAGE);
    const { notice: original, school } = view;
    if (original.status === 'recalled') throw AppException.conflict(ErrorCode.NOTICE_RECALLED, '这条通知已经撤回，不能更正；如有需要，请重新发布');
    if (original.status !== 'published' && original.status !== 'closed') {
      throw AppException.conflict(ErrorCode.NOTICE_STATE_INVALID, original.status === 'draft' ? '草稿可以直接修改，无需更正' : '定时发布的通知还没有发出，请撤回后重新编辑');
    }
    const now = this.clock.now();
    const deadline = dto.confirmDeadline ? new Date(dto.confirmDeadline) : null;
    if (deadline && deadline.getTime() <= now.getTime()) throw AppException.unprocessable(ErrorCode.NOTICE_TIME_INVALID, '确认截止时间应晚于现在');
    if (deadline && deadline.getTime() > now.getTime() + NOTICE_LIMITS.deadlineDaysMax * DAY) {
      throw AppException.unprocessable(ErrorCode.NOTICE_TIME_INVALID, `确认截止时间最多在发布后 ${NOTICE_LIMITS.deadlineDaysMax} 天`);
    }
    const question = checkQuestion(dto.question);
    // The original's files it keeps are copied to it; its picture blocks name the copies (checked again once written).
    const plan = await planAttachmentCopies(this.ds.manager, original.id, dto.keepAttachmentIds, dto.body);
    const body = plan.body;
    const title = correctionTitle(dto.title);
    // The original's audience, resolved now (a grade or the whole school reaches the classes it has today).
    const classes = await resolveAudience(this.ds.manager, school.id, { scope: original.audienceScope, ids: original.audienceIds });
    this.noticeAccess.requireAudienceAllowed(view.reach, original.audienceScope, classes.map((c) => c.id));
    const contentHash = noticeContentHash({ title, body, question });
    const actorRole = this.access.actingRole(auth, school);

    const publisher = await this.ds.getRepository(UserEntity).findOneOrFail({ where: { id: auth.userId } });
    const verdict = await this.contentCheck.check(publisher.openid, { title, body, question });
    if (verdict.suggest === 'risky') {
      await inTransaction(this.ds, (m) => this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole, action: 'notice.publish_blocked', targetType: 'notice', targetId: original.id,
        details: { correction: true, label: verdict.label, contentHash },
      }));
      throw AppException.unprocessable(ErrorCode.NOTICE_CONTENT_RISKY, '更正内容未通过微信内容安全检查，请修改后再发布', { label: verdict.label });
    }

    const id = randomUUID();
    await inTransaction(this.ds, async (m) => {
      // The chain has one latest: only a notice nobody corrected meanwhile, still published or closed, is corrected.
      const claimed = await m.createQueryBuilder().update(NoticeEntity).set({ correctedBy: id })
        .where('id = :id AND corrected_by IS NULL AND status IN (:...open)', { id: original.id, open: ['published', 'closed'] }).execute();
      if (claimed.affected !== 1) {
        const current = await m.findOne(NoticeEntity, { where: { id: original.id } });
        if (current?.status === 'recalled') throw AppException.conflict(ErrorCode.NOTICE_RECALLED, '这条通知刚刚被撤回，不能更正');
        throw AppException.conflict(ErrorCode.NOTICE_CHANGED, '这条通知刚刚被更正，请刷新后再试');
      }
      const correction = m.create(NoticeEntity, {
        id, schoolId: school.id, kind: original.kind, title, body, confirmMode: dto.confirmMode, question, confirmDeadline: deadline,
        audienceScope: original.audienceScope, audienceIds: original.audienceIds, status: 'published', version: 1, contentHash,
        contentCheck: verdict.suggest, contentCheckLabel: verdict.label, createdBy: auth.userId, createdAt: now, updatedAt: now, scheduledAt: null,
        publishedBy: auth.userId, publishedAt: now, closedAt: null, recalledAt: null, recalledBy: null, recallReason: null, fanoutTotal: null,
        fanoutCursor: '', fanoutDoneAt: null, joinsScannedUntil: now, correctionOf: original.id, correctedBy: null, correctionNote: dto.note,
        reviewDecision: null, reviewNote: null, reviewedBy: null, reviewedAt: null,
      });
      await m.insert(NoticeEntity, correction);
      await replaceNoticeClasses(m, correction, classes.map((c) => c.id));
      const attachments = await copyAttachments(m, this.crypto, plan, { noticeId: id, schoolId: school.id, createdBy: auth.userId, createdAt: now });
      await checkBodyImages(m, id, body);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole, action: 'notice.corrected', targetType: 'notice', targetId: original.id,
        details: { correctionId: id, note: dto.note, contentHash: original.contentHash, correctionContentHash: contentHash, attachments },
      });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole, action: 'notice.published', targetType: 'notice', targetId: id,
        details: {
          kind: correction.kind, title, contentHash, confirmMode: correction.confirmMode, classes: classes.length, contentCheck: verdict.suggest,
          correctionOf: original.id, note: dto.note,
        },
      });
      await this.publishing.scheduleClose(m, correction);
      await postNoticeToRobots(this.robots, m, correction);
      if (verdict.suggest === 'review') await this.publishing.askPrincipals(m, correction, school);
    });
    this.fanout.kick();
    return this.views.staffDetail(await this.noticeAccess.notice(auth, id, Permission.NOTICE_READ));
  }
}
