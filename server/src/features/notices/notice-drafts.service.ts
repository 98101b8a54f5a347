import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  ErrorCode, NOTICE_LINK_PAGES, NOTICE_WARNING_HINT, Permission,
  type NoticeComposerResponse, type NoticeListItem, type NoticeQuestion, type NoticeSettingsResponse, type NoticeStaffDetail, type Page,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import { GradeEntity } from '../tenancy/grade.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { NoticeAccess } from './notice-access';
import { noticeContentHash, resolveAudience, schoolClasses } from './notice-audience';
import { checkBodyImages } from './notice-body-images';
import { NoticeClassEntity } from './notice-class.entity';
import { quietHoursOf } from './notice-times';
import { NoticeViews } from './notice-views';
import { NoticeEntity } from './notice.entity';
import type { NoticeDraftDto, NoticeListQueryDto, NoticeSettingsDto } from './notices.dto';

/** Cross-field rules of a 回执 question that the DTO cannot express: choices for choice questions, none for text. */
export function checkQuestion(q: NoticeQuestion | undefined): NoticeQuestion | null {
  if (!q) return null;
  const problem = (problems: string[]) => AppException.badRequest(ErrorCode.VALIDATION_FAILED, '提交的内容有误，请检查后重试', [{ field: 'question.options', problems }]);
  if (q.kind === 'text') {
    if (q.options !== undefined) throw problem(['简答题不需要选项']);
    return { kind: q.kind, prompt: q.prompt };
  }
  if (!q.options) throw problem(['选择题需要选项']);
  if (new Set(q.options).size !== q.options.length) throw problem(['选项不能重复']);
  return { kind: q.kind, prompt: q.prompt, options: q.options };
}

/** Writing notices: the composer's choices, drafts (create, replace), the school's list, one notice, quiet hours. */
@Injectable()
export class NoticeDraftsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly views: NoticeViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** What the caller may address (a teacher: their classes), the app pages a link may open, and the warning hint. */
  async composer(auth: AuthContext, schoolId: string): Promise<NoticeComposerResponse> {
    const school = await this.noticeAccess.school(schoolId);
    const reach = this.noticeAccess.reach(auth, school, Permission.NOTICE_MANAGE);
    const classes = (await schoolClasses(this.ds.manager, school.id)).filter((c) => reach.schoolWide || reach.classIds.includes(c.id));
    const grades = classes.length ? await this.ds.getRepository(GradeEntity).find({ where: { id: In([...new Set(classes.map((c) => c.gradeId))]) } }) : [];
    const gradeOrder = [...new Set(classes.map((c) => c.gradeId))];
    return {
      schoolWide: reach.schoolWide,
      grades: gradeOrder.map((gid) => ({
        id: gid, name: grades.find((g) => g.id === gid)?.name ?? '', classes: classes.filter((c) => c.gradeId === gid).map((c) => ({ id: c.id, name: c.name })),
      })),
      linkPages: Object.entries(NOTICE_LINK_PAGES).map(([page, label]) => ({ page: page as keyof typeof NOTICE_LINK_PAGES, label })),
      warningHint: NOTICE_WARNING_HINT,
      quietHours: quietHoursOf(school.settings),
    };
  }

  async create(auth: AuthContext, schoolId: string, dto: NoticeDraftDto): Promise<NoticeStaffDetail> {
    const school = await this.noticeAccess.school(schoolId);
    const reach = this.noticeAccess.reach(auth, school, Permission.NOTICE_MANAGE);
    const question = checkQuestion(dto.question);
    const classes = await resolveAudience(this.ds.manager, school.id, dto.audience);
    this.noticeAccess.requireAudienceAllowed(reach, dto.audience.scope, classes.map((c) => c.id));
    await checkBodyImages(this.ds.manager, null, dto.body); // a new notice has no pictures yet
    const id = await inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const notice = m.create(NoticeEntity, {
        id: randomUUID(), schoolId: school.id, ...this.draftFields(dto, question), status: 'draft', version: 1, contentCheck: null, contentCheckLabel: null,
        createdBy: auth.userId, createdAt: now, updatedAt: now, scheduledAt: null, publishedBy: null, publishedAt: null, closedAt: null,
        recalledAt: null, recalledBy: null, recallReason: null, fanoutTotal: null, fanoutCursor: '', fanoutDoneAt: null, joinsScannedUntil: null,
      });
      await m.insert(NoticeEntity, notice);
      await replaceNoticeClasses(m, notice, classes.map((c) => c.id));
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'notice.created',
        targetType: 'notice', targetId: notice.id, details: { kind: notice.kind, title: notice.title, contentHash: notice.contentHash, classes: classes.length },
      });
      return notice.id;
    });
    return this.views.staffDetail(await this.noticeAccess.notice(auth, id, Permission.NOTICE_READ));
  }

  /** Replaces a draft with `dto`. A notice that was published (or scheduled) cannot change: 409. */
  async update(auth: AuthContext, noticeId: string, dto: NoticeDraftDto): Promise<NoticeStaffDetail> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_MANAGE);
    if (view.notice.status !== 'draft') throw notEditable();
    const question = checkQuestion(dto.question);
    const classes = await resolveAudience(this.ds.manager, view.school.id, dto.audience);
    this.noticeAccess.requireAudienceAllowed(view.reach, dto.audience.scope, classes.map((c) => c.id));
    await inTransaction(this.ds, async (m) => {
      const fields = this.draftFields(dto, question);
      const res = await m.createQueryBuilder().update(NoticeEntity)
        .set({ ...fields, version: () => 'version + 1', updatedAt: this.clock.now() })
        .where('id = :id AND status = :draft', { id: noticeId, draft: 'draft' }).execute();
      if (res.affected !== 1) throw notEditable();
      await checkBodyImages(m, noticeId, dto.body);
      await replaceNoticeClasses(m, { id: noticeId, schoolId: view.school.id }, classes.map((c) => c.id));
      await this.audit.append(m, {
        schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'notice.updated',
        targetType: 'notice', targetId: noticeId, details: { version: view.notice.version + 1, contentHash: fields.contentHash, classes: classes.length },
      });
    });
    return this.views.staffDetail(await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ));
  }

  async detail(auth: AuthContext, noticeId: string): Promise<NoticeStaffDetail> {
    return this.views.staffDetail(await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ));
  }

  /**
   * The school's notices, newest first: all of them for principals and admins; for a teacher, those reaching their
   * classes (drafts and scheduled ones only their own), counted over their classes.
   */
  async list(auth: AuthContext, schoolId: string, q: NoticeListQueryDto): Promise<Page<NoticeListItem>> {
    const school = await this.noticeAccess.school(schoolId);
    const reach = this.noticeAccess.reach(auth, school, Permission.NOTICE_READ);
    if (!reach.schoolWide && !reach.classIds.length) return { items: [], total: 0 };
    const qb = this.ds.getRepository(NoticeEntity).createQueryBuilder('n').where('n.school_id = :schoolId', { schoolId: school.id });
    if (!reach.schoolWide) {
      qb.andWhere('EXISTS (SELECT 1 FROM notice_classes nc WHERE nc.notice_id = n.id AND nc.class_id IN (:...classIds))', { classIds: reach.classIds })
        .andWhere("(n.status NOT IN ('draft', 'scheduled') OR n.created_by = :me)", { me: auth.userId });
    }
    if (q.status) qb.andWhere('n.status = :status', { status: q.status });
    const total = await qb.getCount();
    const rows = await qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'ASC').limit(q.limit ?? 20).offset(q.offset ?? 0).getMany();
    const counts = await this.views.listCounts(rows.map((r) => r.id), reach.schoolWide ? null : reach.classIds);
    return { items: rows.map((r) => this.views.listItem(r, counts.get(r.id))), total };
  }

  /** Quiet hours for letters and notices (principals and school admins). */
  async settings(auth: AuthContext, schoolId: string, dto: NoticeSettingsDto): Promise<NoticeSettingsResponse> {
    const school = await this.access.requireSchool(auth, schoolId, Permission.NOTICE_MANAGE);
    const quietHours = { start: dto.quietHours.start, end: dto.quietHours.end };
    await inTransaction(this.ds, async (m) => {
      // Read and written under a row lock: other settings of the school (tip deadlines…) are kept as they are.
      const sqlite = m.connection.options.type === 'better-sqlite3';
      const row = await m.findOneOrFail(SchoolEntity, { where: { id: school.id }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
      const before = quietHoursOf(row.settings);
      const settings = { ...(row.settings ?? {}), notices: { ...((row.settings?.notices as object | undefined) ?? {}), quietHours } };
      await m.update(SchoolEntity, { id: school.id }, { settings });
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'notice.settings_changed',
        targetType: 'school', targetId: school.id, details: { quietHours: { before, after: quietHours } },
      });
    });
    return { quietHours };
  }

  private draftFields(dto: NoticeDraftDto, question: NoticeQuestion | null) {
    return {
      kind: dto.kind, title: dto.title, body: dto.body, confirmMode: dto.confirmMode, question,
      confirmDeadline: dto.confirmDeadline ? new Date(dto.confirmDeadline) : null,
      audienceScope: dto.audience.scope, audienceIds: dto.audience.scope === 'school' ? [] : [...new Set(dto.audience.ids ?? [])],
      contentHash: noticeContentHash({ title: dto.title, body: dto.body, question }),
    };
  }
}

/** notice_classes for `notice` become exactly `classIds`. */
export async function replaceNoticeClasses(m: EntityManager, notice: { id: string; schoolId: string }, classIds: string[]): Promise<void> {
  await m.delete(NoticeClassEntity, { noticeId: notice.id });
  if (classIds.length) {
    await m.createQueryBuilder().insert().into(NoticeClassEntity)
      .values(classIds.map((classId) => ({ noticeId: notice.id, classId, schoolId: notice.schoolId }))).updateEntity(false).execute();
  }
}

export function notEditable(): AppException {
  return AppException.conflict(ErrorCode.NOTICE_NOT_EDITABLE, '通知发布后不能修改。如需更改，请发布更正，或撤回后重新发布');
}
