import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import {
  ErrorCode, TIP_LIMITS, type FollowupLoginResponse, type SubmitTipResponse, type TipAttachmentUploadResponse,
  type TipThreadMessage, type TipThreadResponse,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService, DataKey } from '../../platform/crypto/crypto.service';
import { sealChunks } from '../../platform/crypto/sealed-chunks';
import { resealAttachment } from './tip-content-seal';
import { isoRequired } from '../../platform/database/dates';
import { isDuplicateKey } from '../../platform/database/db-errors';
import { inTransaction } from '../../platform/database/transaction';
import { SchedulerService } from '../../platform/scheduler/scheduler.service';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { ImageTooLargeError, MAX_INPUT_PIXELS, sniffImage, staffCopy } from '../../platform/images/image-sanitizer';
import { ImageQueueFullError } from '../../platform/images/image-work-queue';
import { burnReceiptCheck, hashReceipt, newReceipt, verifyReceipt } from './receipt';
import { TipAttachmentChunkEntity } from './tip-attachment-chunk.entity';
import { TipAttachmentEntity } from './tip-attachment.entity';
import { TipContentCheckService } from './tip-content-check.service';
import { TipEntity } from './tip.entity';
import { TipFollowupTokenEntity } from './tip-followup-token.entity';
import { TipMessageEntity } from './tip-message.entity';
import { ackDueAt, tipPolicy } from './tip-policy';
import { TipRateLimiter } from './tip-rate-limiter';
import { TipAction, TipRoutingService } from './tip-routing.service';
import { TipSubmissionEntity } from './tip-submission.entity';
import type { SubmitTipDto } from './tips.dto';
import { TipFloods } from './triage/tip-floods';
import { TipTriageView } from './triage/tip-triage-view';
import { ReporterTrail } from './reporter-trail/reporter-trail';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Per-hour submissions per logged-in user (or per client address when not logged in). */
export const TIPS_PER_HOUR = 5;
const TOO_MANY_TIPS = '提交过于频繁（每小时最多 5 条），请稍后再试；如有危险请立即拨打 110';
const TOO_MANY_TIPS_IN_FLOOD = '这所学校刚刚收到大量举报，提交暂时限制为每人每小时 1 条，请稍后再试；如有危险请立即拨打 110';
export const UPLOADS_PER_HOUR = 40;
const TOO_MANY_UPLOADS = '上传过于频繁，请稍后再试';
/** Wrong receipts: slowed from the 3rd, refused (429) from the 11th within 15 minutes, per client. A right receipt is never refused. */
export const FOLLOWUP_FAILURES_SLOW_FROM = 3;
export const FOLLOWUP_FAILURES_LIMIT = 10;
export const FOLLOWUP_WINDOW_MS = 15 * MINUTE;
/** …and at most this many checked wrong receipts per school per hour from everyone together (bounds the scrypt work a distributed guesser causes). */
export const FOLLOWUP_SCHOOL_FAILURES_LIMIT = 200;
export const REPORTER_MESSAGES_PER_HOUR = 30;

/** The header that carries the follow-up token (kept apart from Authorization, which may hold a session). */
export const FOLLOWUP_HEADER = 'x-followup-token';

/**
 * The reporter's side of the tip box: submit, attachments, receipt follow-up and the anonymous thread.
 *
 * Anonymity: nothing here writes or logs the caller's user id, openid, IP, user agent
 * or device id. The caller's session and address are used only as rate-limit subjects, through
 * TipRateLimiter (HMAC under a daily key, counters with no link to tips).
 */
@Injectable()
export class TipReporterService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly limiter: TipRateLimiter,
    private readonly routing: TipRoutingService,
    private readonly contentCheck: TipContentCheckService,
    private readonly scheduler: SchedulerService,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly floods: TipFloods,
    private readonly triageView: TipTriageView,
    private readonly trail: ReporterTrail,
  ) {}

  // ------------------------------------------------------------------ submit

  /**
   * Idempotent retry, designed honestly: the receipt exists in clear nowhere, so a retry cannot "look it up".
   * Instead the submission's idempotency record (HMAC of the client key) keeps the receipt encrypted under the
   * school key for `receiptReplayHours` (24 h), long enough for any retry after a dropped connection; a
   * scheduled job then erases it. A retry inside the window gets the same receipt (`replayed: true`) and no second
   * tip; a retry after it gets 409 TIP_ALREADY_SUBMITTED, saying the tip is safe and the receipt cannot be shown
   * again. The 24 h copy is protected like the tip text itself (same key, same dump exposure).
   */
  async submit(auth: AuthContext | undefined, dto: SubmitTipDto, clientAddress: string): Promise<SubmitTipResponse> {
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: dto.schoolId } });
    if (!school) throw AppException.notFound('学校');
    let filedBy: string | null = null;
    if (dto.filedByTeacher) {
      if (!auth) throw AppException.unauthenticated('教师转报需要先登录');
      const staffHere = this.access.rolesAtSchool(auth, school).some((r) => r.schoolId === school.id && ['teacher', 'contact', 'principal', 'committee', 'admin'].includes(r.role));
      if (!staffHere) throw new AppException(HttpStatus.FORBIDDEN, ErrorCode.TIP_NOT_TEACHER, '只有本校教职工可以转报');
      filedBy = auth.userId;
    }
    const rateSubject = auth ? `user:${auth.userId}` : `addr:${clientAddress}`;
    // A school in a tip flood has a tighter limit for a while (triage/tip-floods.ts); the counters are the same.
    const limit = await this.floods.submitLimit(this.ds.manager, school.id, TIPS_PER_HOUR);
    const tooMany = limit < TIPS_PER_HOUR ? TOO_MANY_TIPS_IN_FLOOD : TOO_MANY_TIPS;
    // Cheap early refusal (the counted check is in the transaction below): a flood costs no scrypt work.
    if ((await this.limiter.peek(this.ds.manager, 'tip.submit', rateSubject, HOUR)) >= limit) {
      const earlier = await this.replayOutside(school.id, dto.clientKey);
      if (earlier) return earlier;
      throw AppException.tooManyRequests(tooMany);
    }
    // The slow hash is computed before the transaction, so it never holds a connection or the SQLite queue.
    const receipt = newReceipt();
    const receiptHash = await hashReceipt(receipt);
    try {
      const result = await inTransaction(this.ds, async (m) => {
        const key = await this.crypto.schoolKey(m, school.id);
        const keyHash = this.crypto.schoolHmac(key, 'idempotency', dto.clientKey);
        const earlier = await m.findOne(TipSubmissionEntity, { where: { schoolId: school.id, keyHash } });
        if (earlier) return this.replay(m, earlier);
        const count = await this.limiter.hit(m, 'tip.submit', rateSubject, HOUR);
        if (count > limit) throw AppException.tooManyRequests(tooMany);
        return this.create(m, school, key, dto, receipt, receiptHash, keyHash, filedBy);
      });
      if (!result.replayed) this.contentCheck.kick(); // after commit, in the background
      return result;
    } catch (e) {
      // Two copies of one submission at once: the unique (school, key) made the second wait and fail; answer it as a retry.
      if (isDuplicateKey(e)) {
        const replay = await this.replayOutside(school.id, dto.clientKey);
        if (replay) return replay;
      }
      throw e;
    }
  }

  /** The earlier answer for this client key, if there is one (a retry must never be refused as a flood). */
  private async replayOutside(schoolId: string, clientKey: string): Promise<SubmitTipResponse | null> {
    return inTransaction(this.ds, async (m) => {
      const keys = await this.crypto.schoolKeys(m, schoolId);
      if (!keys.length) return null;
      const hashes = keys.map((k) => this.crypto.schoolHmac(k, 'idempotency', clientKey));
      const earlier = await m.findOne(TipSubmissionEntity, { where: { schoolId, keyHash: In(hashes) } });
      return earlier ? this.replay(m, earlier) : null;
    });
  }

  private async create(
    m: EntityManager, school: SchoolEntity, key: DataKey, dto: SubmitTipDto, receipt: string, receiptHash: string, keyHash: string, filedBy: string | null,
  ): Promise<SubmitTipResponse> {
    const now = this.clock.now();
    const id = randomUUID();
    const policy = tipPolicy(school.settings);
    // The tip's content goes under its own key (erasing the case deletes it); the receipt index and the
    // idempotency record stay under the school's key, which finds the tip without knowing it.
    const tipKey = await this.crypto.tipKey(m, school.id, id, true);
    const enc = (field: string, v: string | null | undefined) => this.crypto.encryptOptional(tipKey, v, `tip:${id}:${field}`);
    // Idempotency record first: a concurrent duplicate blocks here on the unique key and then fails cleanly.
    await m.insert(TipSubmissionEntity, {
      id: randomUUID(), schoolId: school.id, keyHash, tipId: id,
      receiptEnc: this.crypto.encryptText(key, receipt, `tip_submission:${keyHash}`),
      receiptExpiresAt: new Date(now.getTime() + TIP_LIMITS.receiptReplayHours * HOUR),
    });
    const tip: TipEntity = m.create(TipEntity, {
      id, schoolId: school.id, status: 'new', category: dto.category,
      source: filedBy ? 'teacher' : dto.named ? 'named' : 'anonymous',
      reporterRole: dto.reporterRole, place: dto.place ?? null, inDanger: dto.inDanger, ongoing: dto.ongoing,
      contentFlag: false, contentCheck: 'pending',
      descriptionEnc: this.crypto.encryptText(tipKey, dto.description, `tip:${id}:description`),
      whenEnc: enc('when', dto.when), placeDetailEnc: enc('place_detail', dto.placeDetail), peopleEnc: enc('people', dto.peopleInvolved),
      namedEnc: dto.named ? enc('named', JSON.stringify({ name: dto.named.name, contact: dto.named.contact })) : null,
      measuresEnc: null, outcomeEnc: null, reporterOutcomeEnc: null, filedByUserId: filedBy,
      receiptIndex: this.crypto.schoolHmac(key, 'receipt-index', receipt), receiptHash,
      severity: null, labels: [], assigneeUserId: null, escalationLevel: 'none', escalatedPrincipalAt: null, escalatedDistrictAt: null,
      submittedAt: now, ackDueAt: ackDueAt(now, dto.inDanger || dto.ongoing, policy), acknowledgedAt: null, acknowledgedBy: null,
      investigationDueAt: null, overdueAt: null, decision: null, decidedAt: null, closedAt: null, reopenedAt: null, reopenCount: 0, version: 1,
    });
    await m.insert(TipEntity, tip);
    const attachmentIds = [...new Set(dto.attachmentIds ?? [])];
    if (attachmentIds.length) {
      const claimed = await m.createQueryBuilder().update(TipAttachmentEntity).set({ tipId: id })
        .where('id IN (:...ids) AND school_id = :schoolId AND tip_id IS NULL', { ids: attachmentIds, schoolId: school.id }).execute();
      if (claimed.affected !== attachmentIds.length) {
        throw AppException.badRequest(ErrorCode.TIP_ATTACHMENT_INVALID, '照片已失效或不属于这所学校，请重新上传');
      }
      // Photos were sealed under the school's key at upload (no tip yet): they move under the tip's key now.
      for (const a of await m.find(TipAttachmentEntity, { where: { id: In(attachmentIds) } })) await resealAttachment(m, this.crypto, tipKey, a);
    }
    await this.routing.routeNewTip(m, school, tip);
    await this.floods.onTipFiled(m, school, tip);
    await this.routing.scheduleReceiptPurge(m, school.id, id, new Date(now.getTime() + TIP_LIMITS.receiptReplayHours * HOUR));
    // The reporter is never the actor: anonymous and named tips record no actor; 教师转报 records the teacher.
    // Appended last: it locks the school's chain head until commit, so everything else is done by then.
    await this.audit.append(m, {
      schoolId: school.id, actorUserId: filedBy, actorRole: filedBy ? 'teacher' : null, action: 'tip.received', targetType: 'tip', targetId: id,
      details: { category: dto.category, source: tip.source, urgent: dto.inDanger || dto.ongoing, inDanger: dto.inDanger, ackDueAt: tip.ackDueAt.toISOString(), attachments: attachmentIds.length },
    });
    return { receipt, status: 'new', submittedAt: isoRequired(now), replayed: false };
  }

  private async replay(m: EntityManager, earlier: TipSubmissionEntity): Promise<SubmitTipResponse> {
    const tip = await m.findOneOrFail(TipEntity, { where: { id: earlier.tipId } });
    if (!earlier.receiptEnc || new Date(earlier.receiptExpiresAt) <= this.clock.now()) {
      throw AppException.conflict(ErrorCode.TIP_ALREADY_SUBMITTED,
        `这份举报已于之前成功提交，学校已经收到。为了保护你的匿名，回执码只在提交后 ${TIP_LIMITS.receiptReplayHours} 小时内可以再次显示；如果没有保存回执码，可以重新填写一份（会得到新的回执码）。`);
    }
    const receipt = await this.crypto.decryptText(earlier.receiptEnc, `tip_submission:${earlier.keyHash}`, m);
    return { receipt, status: tip.status, submittedAt: isoRequired(tip.submittedAt), replayed: true };
  }

  // ------------------------------------------------------------------ attachments

  /**
   * Refuses a client over its hourly upload limit before its file is even read (a flood costs no buffering and
   * no decoding). The counted check is in upload().
   */
  async assertUploadAllowed(auth: AuthContext | undefined, clientAddress: string): Promise<void> {
    const rateSubject = auth ? `user:${auth.userId}` : `addr:${clientAddress}`;
    if ((await this.limiter.peek(this.ds.manager, 'tip.upload', rateSubject, HOUR)) >= UPLOADS_PER_HOUR) throw AppException.tooManyRequests(TOO_MANY_UPLOADS);
  }

  /**
   * Order matters for memory: the school, the type (magic bytes) and the rate limit are checked before any pixel is
   * decoded; then the picture's size is read from its header (a decompression bomb stops there) and only then is it
   * decoded, in the bounded image queue (image-sanitizer.ts).
   */
  async upload(auth: AuthContext | undefined, schoolId: string, file: Buffer, clientAddress: string): Promise<TipAttachmentUploadResponse> {
    const school = await this.ds.getRepository(SchoolEntity).findOne({ where: { id: schoolId } });
    if (!school) throw AppException.notFound('学校');
    const mime = sniffImage(file);
    if (!mime) throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '只能上传 JPG 或 PNG 照片');
    const rateSubject = auth ? `user:${auth.userId}` : `addr:${clientAddress}`;
    const count = await inTransaction(this.ds, (m) => this.limiter.hit(m, 'tip.upload', rateSubject, HOUR));
    if (count > UPLOADS_PER_HOUR) throw AppException.tooManyRequests(TOO_MANY_UPLOADS);
    const copy = await staffCopy(file).catch((e: unknown) => {
      if (e instanceof ImageTooLargeError) {
        throw AppException.payloadTooLarge(`照片像素太多（最多 ${MAX_INPUT_PIXELS / 10_000} 万像素），请换一张或截图后再上传`);
      }
      if (e instanceof ImageQueueFullError) throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, '正在处理的照片较多，请稍后再上传');
      throw AppException.badRequest(ErrorCode.TIP_ATTACHMENT_INVALID, '照片无法读取，请换一张');
    });
    const id = randomUUID();
    await inTransaction(this.ds, async (m) => {
      const key = await this.crypto.schoolKey(m, school.id);
      await m.insert(TipAttachmentEntity, {
        id, schoolId: school.id, tipId: null, keyId: key.id, mime, originalSize: file.length, staffSize: copy.data.length,
        width: copy.width, height: copy.height, createdAt: this.clock.now(),
      });
      await this.writeChunks(m, key, id, 'original', file);
      await this.writeChunks(m, key, id, 'staff', copy.data);
      // Photos never attached to a tip are deleted after a day.
      await this.scheduler.schedule(m, {
        action: TipAction.ATTACHMENT_PURGE, subjectType: 'tip_attachment', subjectId: id, schoolId: school.id,
        dueAt: new Date(this.clock.now().getTime() + 24 * HOUR), dedupeKey: `${TipAction.ATTACHMENT_PURGE}:${id}`,
      });
    });
    return { attachmentId: id, mime, size: file.length };
  }

  private async writeChunks(m: EntityManager, key: DataKey, attachmentId: string, copy: 'original' | 'staff', data: Buffer): Promise<void> {
    const sealed = sealChunks(this.crypto, key, data, (seq) => `tip_attachment:${attachmentId}:${copy}:${seq}`);
    for (const [seq, chunk] of sealed.entries()) await m.insert(TipAttachmentChunkEntity, { attachmentId, copy, seq, data: chunk });
  }

  // ------------------------------------------------------------------ follow-up

  /**
   * Receipt → follow-up token. The right receipt is recognised first, through the HMAC lookup index (a key
   * derived from the school's data key, which is not in the database) and then the scrypt hash, and it is never
   * refused by a failure count: a flood of wrong receipts, from one address or many, behind a proxy the server
   * does not know about or not, must not lock the reporters of a school out of their own cases. The counts only
   * decide what a WRONG receipt costs: a client with 3 to 9 recent failures waits 0.2–1.4 s before its lookup;
   * from its 11th wrong try in 15 minutes, or the school's 201st in an hour, a wrong receipt gets 429 without any
   * scrypt work, so guessers cannot spend the server's CPU. Below those limits a wrong receipt runs a dummy
   * scrypt and takes as long as a right one. What keeps guessing hopeless is the receipt's size: 10^16 codes per
   * school, so even a school with 10,000 live receipts needs ~10^12 guesses per hit.
   */
  async followupLogin(schoolId: string, receipt: string, clientAddress: string): Promise<FollowupLoginResponse> {
    const client = `addr:${clientAddress}`;
    const clientFailures = await this.limiter.peek(this.ds.manager, 'tip.followup.fail', client, FOLLOWUP_WINDOW_MS);
    // Slowed in the same way whether the receipt is right or wrong (the wait comes before the lookup).
    if (clientFailures >= FOLLOWUP_FAILURES_SLOW_FROM && clientFailures < FOLLOWUP_FAILURES_LIMIT) {
      await sleep(Math.min(200 * (clientFailures - FOLLOWUP_FAILURES_SLOW_FROM + 1), 1500));
    }
    const tip = await this.findByReceipt(schoolId, receipt);
    if (tip && (await verifyReceipt(receipt, tip.receiptHash))) return this.issueFollowupToken(tip);

    // A wrong receipt takes its place in the counts BEFORE any scrypt runs (one atomic upsert each), so parallel
    // requests cannot all slip under a limit that each of them read as not yet reached.
    const limited = await inTransaction(this.ds, async (m) => {
      if ((await this.limiter.hit(m, 'tip.followup.fail', client, FOLLOWUP_WINDOW_MS)) > FOLLOWUP_FAILURES_LIMIT) return '回执码错误次数过多，请 15 分钟后再试';
      if ((await this.limiter.hit(m, 'tip.followup.school', schoolId, HOUR)) > FOLLOWUP_SCHOOL_FAILURES_LIMIT) return '回执码不正确。近期错误尝试过多，请核对回执码后稍后再试';
      return null;
    });
    if (limited) throw AppException.tooManyRequests(limited);
    if (!tip) await burnReceiptCheck(receipt);
    throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TIP_RECEIPT_INVALID, '回执码不正确，请核对后再试');
  }

  private async issueFollowupToken(tip: TipEntity): Promise<FollowupLoginResponse> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + TIP_LIMITS.followupTokenMinutes * MINUTE);
    await inTransaction(this.ds, async (m) => {
      await m.delete(TipFollowupTokenEntity, { expiresAt: LessThan(this.clock.now()) });
      await m.insert(TipFollowupTokenEntity, { tokenHash: sha256(token), tipId: tip.id, expiresAt });
    });
    return { token, expiresAt: isoRequired(expiresAt) };
  }

  private async findByReceipt(schoolId: string, receipt: string): Promise<TipEntity | null> {
    const keys = await this.crypto.schoolKeys(this.ds.manager, schoolId);
    if (!keys.length) return null;
    const indexes = keys.map((k) => this.crypto.schoolHmac(k, 'receipt-index', receipt));
    return this.ds.getRepository(TipEntity).findOne({ where: { schoolId, receiptIndex: In(indexes) } });
  }

  async tipForToken(token: string | undefined): Promise<TipEntity> {
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TIP_FOLLOWUP_TOKEN_INVALID, '请重新输入回执码');
    const row = await this.ds.getRepository(TipFollowupTokenEntity).findOne({ where: { tokenHash: sha256(token) } });
    if (!row || new Date(row.expiresAt) <= this.clock.now()) {
      throw new AppException(HttpStatus.UNAUTHORIZED, ErrorCode.TIP_FOLLOWUP_TOKEN_INVALID, '查看时间已到，请重新输入回执码');
    }
    return this.ds.getRepository(TipEntity).findOneOrFail({ where: { id: row.tipId } });
  }

  async thread(token: string | undefined): Promise<TipThreadResponse> {
    const tip = await this.tipForToken(token);
    const rows = await this.ds.getRepository(TipMessageEntity).find({ where: { tipId: tip.id }, order: { createdAt: 'ASC' } });
    const messages: TipThreadMessage[] = [];
    for (const r of rows) messages.push(await this.mapThreadMessage(r));
    // A case merged into another (重复) shows that case's state, never its text or thread.
    const state = await this.triageView.reporterState(this.ds.manager, tip);
    const school = await this.ds.getRepository(SchoolEntity).findOneOrFail({ where: { id: tip.schoolId } });
    return {
      status: state.status, statusLabel: state.statusLabel, category: tip.category, submittedAt: isoRequired(tip.submittedAt),
      acknowledgedAt: state.acknowledgedAt, closedAt: state.closedAt, reopenedAt: state.reopenedAt,
      outcome: state.mergedNote === null && tip.status === 'closed' ? await this.crypto.decryptOptional(tip.reporterOutcomeEnc, `tip:${tip.id}:reporter_outcome`) : null,
      messages, mergedNote: state.mergedNote, trail: await this.trail.of(this.ds.manager, tip, school),
    };
  }

  async reporterMessage(token: string | undefined, body: string): Promise<TipThreadMessage> {
    const tip = await this.tipForToken(token);
    return inTransaction(this.ds, async (m) => {
      if ((await this.limiter.hit(m, 'tip.followup.msg', tip.id, HOUR)) > REPORTER_MESSAGES_PER_HOUR) throw AppException.tooManyRequests('发送过于频繁，请稍后再试');
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: tip.schoolId } });
      const key = await this.crypto.tipKey(m, tip.schoolId, tip.id);
      const id = randomUUID();
      const row = m.create(TipMessageEntity, {
        id, tipId: tip.id, schoolId: tip.schoolId, authorKind: 'reporter', authorUserId: null,
        bodyEnc: this.crypto.encryptText(key, body, `tip_message:${id}`), createdAt: this.clock.now(),
      });
      await m.insert(TipMessageEntity, row);
      await this.routing.notifyReporterMessage(m, school, await this.triageView.ownerTip(m, tip), id);
      await this.audit.append(m, { schoolId: tip.schoolId, actorUserId: null, actorRole: null, action: 'tip.reporter_message', targetType: 'tip', targetId: tip.id, details: { messageId: id } });
      return { id, from: 'reporter' as const, body, at: isoRequired(row.createdAt) };
    });
  }

  private async mapThreadMessage(r: TipMessageEntity): Promise<TipThreadMessage> {
    return { id: r.id, from: r.authorKind, body: await this.crypto.decryptText(r.bodyEnc, `tip_message:${r.id}`), at: isoRequired(r.createdAt) };
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
