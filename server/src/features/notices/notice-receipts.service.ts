import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  ErrorCode, type GuardianNoticeChild, type GuardianNoticeDetail, type GuardianNoticeListResponse, type NoticeAnswer, type NoticeQuestion,
  type ShanghaiDay,
} from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { iso, isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { SchoolEntity } from '../tenancy/school.entity';
import { classDisplayName } from '../tenancy/class-names';
import { chunks } from '../../platform/database/in-lists';
import { NoticeCounters, receiptDeltas } from './notice-counts';
import { guardianChain } from './notice-chain';
import { NoticeReceiptSeal } from './notice-receipt-seal';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeSignatureEntity } from './notice-signature.entity';
import { NoticeEntity } from './notice.entity';
import type { AckNoticeDto, GuardianNoticeListQueryDto } from './notice-guardian.dto';
import { receiptDay } from './notice-times';
import { checkSignaturePng } from './signature-png';

/** Statuses a guardian sees (a receipt exists only once a notice is published). */
const VISIBLE = ['published', 'closed', 'recalled'];

export const answerAad = (receiptId: string) => `notice_receipt:${receiptId}:answer`;
export const signatureAad = (receiptId: string) => `notice_signature:${receiptId}`;


/** `,0,2,` for choices 0 and 2 (sorted, unique): stored so that each option can be counted with LIKE. */
export function encodeChoices(choices: number[]): string {
  return `,${[...new Set(choices)].sort((a, b) => a - b).join(',')},`;
}

export function decodeChoices(s: string | null): number[] | undefined {
  return s ? s.split(',').filter(Boolean).map(Number) : undefined;
}

/** The answer must fit the question: one choice, several distinct choices, or text. */
export function checkAnswer(question: NoticeQuestion | null, answer: NoticeAnswer): { choices: number[] | null; text: string | null } {
  const invalid = (message: string) => AppException.unprocessable(ErrorCode.NOTICE_ACK_INVALID, message);
  if (!question) throw invalid('这条通知没有回执问题');
  if (question.kind === 'text') {
    if (answer.choices !== undefined || !answer.text) throw invalid('请填写文字回答');
    return { choices: null, text: answer.text };
  }
  const choices = answer.choices;
  if (answer.text !== undefined || !choices || !choices.length) throw invalid('请选择回执问题的选项');
  if (choices.some((c) => c >= (question.options?.length ?? 0))) throw invalid('所选选项不存在');
  if (new Set(choices).size !== choices.length) throw invalid('选项不能重复');
  if (question.kind === 'single' && choices.length !== 1) throw invalid('这是单选题，请只选一项');
  return { choices, text: null };
}

/**
 * The guardian's side: their notices (only their own receipts; anything else is a 404), opening one (the read is
 * recorded once, with its day), and confirming, signing and answering as the notice asks. A guardian never sees
 * another guardian's receipt, answer or signature: every query is keyed by the caller's user id. What a guardian does
 * is kept as the day it was done (Asia/Shanghai, `receiptDay`), never the time of day, and is not written to the
 * audit chain one by one: an entry naming the guardian at the second would sit beside a tip they file next.
 */
@Injectable()
export class NoticeReceiptsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly seal: NoticeReceiptSeal,
    private readonly counters: NoticeCounters,
  ) {}

  /** Pinned warnings first, then unread, then newest; optionally only those about one child. */
  async list(auth: AuthContext, q: GuardianNoticeListQueryDto): Promise<GuardianNoticeListResponse> {
    const base = () => {
      const qb = this.ds.getRepository(NoticeReceiptEntity).createQueryBuilder('r').innerJoin(NoticeEntity, 'n', 'n.id = r.notice_id')
        .where('r.guardian_user_id = :me', { me: auth.userId }).andWhere('n.status IN (:...visible)', { visible: VISIBLE })
        // A corrected notice gives way to its correction once the guardian holds a receipt of that (one item, not two).
        .andWhere('NOT EXISTS (SELECT 1 FROM notice_receipts rc WHERE rc.notice_id = n.corrected_by AND rc.guardian_user_id = r.guardian_user_id)');
      if (q.studentId) qb.andWhere('EXISTS (SELECT 1 FROM notice_receipt_students x WHERE x.receipt_id = r.id AND x.student_id = :sid)', { sid: q.studentId });
      return qb;
    };
    const total = await base().getCount();
    const unread = await base().andWhere("r.read_on IS NULL AND n.status <> 'recalled'").getCount();
    const receipts = await base()
      .addSelect(`CASE WHEN n.kind = 'warning' AND n.status = 'published' AND n.corrected_by IS NULL AND r.acknowledged_on IS NULL THEN 0
        WHEN r.read_on IS NULL AND n.status <> 'recalled' THEN 1 ELSE 2 END`, 'list_order')
      .orderBy('list_order', 'ASC').addOrderBy('r.created_at', 'DESC').addOrderBy('r.id', 'ASC')
      .limit(q.limit ?? 20).offset(q.offset ?? 0).getMany();
    const notices = new Map((receipts.length ? await this.ds.getRepository(NoticeEntity).find({ where: { id: In(receipts.map((r) => r.noticeId)) } }) : []).map((n) => [n.id, n]));
    const schools = await this.schoolNames([...notices.values()].map((n) => n.schoolId));
    const children = await this.children(this.ds.manager, receipts.map((r) => r.id));
    return {
      total, unread,
      items: receipts.map((r) => {
        const n = notices.get(r.noticeId)!;
        const acknowledged = r.acknowledgedOn !== null;
        return {
          id: n.id, kind: n.kind, title: n.title, schoolName: schools.get(n.schoolId) ?? '', status: n.status, confirmMode: n.confirmMode,
          publishedAt: isoRequired(n.publishedAt ?? r.createdAt), confirmDeadline: iso(n.confirmDeadline), children: children.get(r.id) ?? [],
          read: r.readOn !== null, acknowledged, pinned: n.kind === 'warning' && n.status === 'published' && !n.correctedBy && !acknowledged,
          correctionOf: n.correctionOf, corrected: !!n.correctedBy,
        };
      }),
    };
  }

  /** Opens a notice: the first opening of a published (or closed) one is recorded on the receipt (the day). */
  async open(auth: AuthContext, noticeId: string): Promise<GuardianNoticeDetail> {
    const { notice, receipt } = await this.mine(auth, noticeId);
    if (receipt.readOn || notice.status === 'recalled') return this.detail(auth, notice, receipt);
    const today = receiptDay(this.clock.now());
    const updated = await inTransaction(this.ds, async (m) => {
      const change = await this.record(m, notice, receipt.id, today, {});
      // The receipt's new leaf, sealed with the day's batch once the day is over (never an audit entry of its own).
      await this.seal.sealReceipt(m, change.after);
      return this.count(m, notice, change);
    });
    return this.detail(auth, notice, updated);
  }

  /** Confirm, sign and/or answer, as the notice asks. Each is recorded once; opening is recorded too if it was not. */
  async acknowledge(auth: AuthContext, noticeId: string, dto: AckNoticeDto): Promise<GuardianNoticeDetail> {
    const { notice, receipt } = await this.mine(auth, noticeId);
    const invalid = (message: string) => AppException.unprocessable(ErrorCode.NOTICE_ACK_INVALID, message);
    if (notice.status === 'recalled') throw AppException.conflict(ErrorCode.NOTICE_RECALLED, '学校已撤回这条通知');
    if (notice.correctedBy) {
      const { correctedBy } = await guardianChain(this.ds.manager, notice, auth.userId);
      throw AppException.conflict(ErrorCode.NOTICE_CORRECTED, '学校已更正这条通知，请阅读并确认更正后的通知', { correctionId: correctedBy });
    }
    const now = this.clock.now();
    if (notice.status === 'closed' || (notice.confirmDeadline && notice.confirmDeadline.getTime() <= now.getTime())) {
      throw AppException.conflict(ErrorCode.NOTICE_CLOSED, '已过确认截止时间');
    }
    if (dto.confirm === undefined && dto.signature === undefined && dto.answer === undefined) throw invalid('请确认收到、签字或回答回执问题');
    if (dto.confirm !== undefined && (dto.confirm !== true || notice.confirmMode !== 'confirm')) {
      throw invalid(notice.confirmMode === 'sign' ? '这条通知需要签字确认' : notice.confirmMode === 'read' ? '这条通知只需阅读，无需确认' : '请点击确认收到');
    }
    if (dto.signature !== undefined && notice.confirmMode !== 'sign') throw invalid('这条通知不需要签字');
    const answer = dto.answer ? checkAnswer(notice.question, dto.answer) : null;
    if (answer && receipt.answeredOn) throw AppException.conflict(ErrorCode.NOTICE_ALREADY_ANSWERED, '您已经回答过回执问题');
    if (dto.signature !== undefined && receipt.signedOn) throw AppException.conflict(ErrorCode.NOTICE_ALREADY_SIGNED, '您已经签过字了');
    if ((dto.confirm || dto.signature !== undefined) && notice.question && !receipt.answeredOn && !answer) {
      throw AppException.unprocessable(ErrorCode.NOTICE_ANSWER_REQUIRED, '请先回答回执问题');
    }
    const signature = dto.signature !== undefined ? await checkSignaturePng(Buffer.from(dto.signature, 'base64')) : null;
    const today = receiptDay(now);
    const updated = await inTransaction(this.ds, async (m) => {
      const key = signature || answer?.text != null ? await this.crypto.schoolKey(m, notice.schoolId) : null;
      const change = await this.record(m, notice, receipt.id, today, {
        confirm: dto.confirm === true,
        sign: !!signature,
        answer: answer ? {
          choices: answer.choices ? encodeChoices(answer.choices) : null,
          textEnc: key && answer.text !== null ? this.crypto.encryptText(key, answer.text, answerAad(receipt.id)) : null,
        } : undefined,
      });
      if (signature && key) {
        await m.insert(NoticeSignatureEntity, {
          receiptId: receipt.id, noticeId: notice.id, schoolId: notice.schoolId, keyId: key.id,
          data: this.crypto.encryptBytes(key, signature.png, signatureAad(receipt.id)), sha256: signature.sha256,
          width: signature.width, height: signature.height, size: signature.png.length,
        });
      }
      await this.seal.sealReceipt(m, change.after, signature ? signature.sha256 : undefined);
      return this.count(m, notice, change);
    });
    return this.detail(auth, notice, updated);
  }

  /**
   * Records what the guardian did on the receipt: opened (the day, if not yet; that also makes it delivered), confirmed,
   * answered, signed, and acknowledged (the day) once the receipt is done as the notice asks — read, confirmed or signed
   * by its mode, and the 回执 question answered when there is one. The row is read under its lock (FOR UPDATE on
   * MariaDB/MySQL; SQLite's transactions take turns), so two requests of one guardian at once see each other's work:
   * answering or signing twice is refused by the row as it is now (409), and the rule above is applied to it here,
   * once. Returns the row as it was and as left (not read back), for the class counts (`count`).
   */
  private async record(
    m: EntityManager, notice: NoticeEntity, receiptId: string, today: ShanghaiDay,
    did: { confirm?: boolean; sign?: boolean; answer?: { choices: string | null; textEnc: string | null } },
  ): Promise<{ before: NoticeReceiptEntity; after: NoticeReceiptEntity }> {
    const sqlite = m.connection.options.type === 'better-sqlite3';
    const before = await m.findOneOrFail(NoticeReceiptEntity, { where: { id: receiptId }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
    if (did.answer && before.answeredOn) throw AppException.conflict(ErrorCode.NOTICE_ALREADY_ANSWERED, '您已经回答过回执问题');
    if (did.sign && before.signedOn) throw AppException.conflict(ErrorCode.NOTICE_ALREADY_SIGNED, '您已经签过字了');
    const set: Partial<NoticeReceiptEntity> = { readOn: before.readOn ?? today, delivered: true };
    if (did.confirm) set.confirmedOn = before.confirmedOn ?? today;
    if (did.answer) Object.assign(set, { answeredOn: today, answerChoices: did.answer.choices, answerTextEnc: did.answer.textEnc });
    if (did.sign) set.signedOn = today;
    const after = Object.assign(Object.create(Object.getPrototypeOf(before)) as NoticeReceiptEntity, before, set);
    // Each part the notice asks is done now, or was done before this request.
    const done = { read: true, confirm: after.confirmedOn !== null, sign: after.signedOn !== null }[notice.confirmMode] && (!notice.question || after.answeredOn !== null);
    after.acknowledgedOn = before.acknowledgedOn ?? (done ? today : null);
    set.acknowledgedOn = after.acknowledgedOn;
    await m.update(NoticeReceiptEntity, { id: receiptId }, set);
    return { before, after };
  }

  /**
   * The class counts moved by what changed on the receipt: the last statement of the transaction, since every
   * confirmation of the notice updates its totals row and holds that row's lock until COMMIT.
   */
  private async count(m: EntityManager, notice: NoticeEntity, change: { before: NoticeReceiptEntity; after: NoticeReceiptEntity }): Promise<NoticeReceiptEntity> {
    await this.counters.bump(m, notice.id, [change.after.id], receiptDeltas(change.before, change.after));
    return change.after;
  }

  /** What the guardian sees of the notice and their receipt (read by the caller, or as the request just left it). */
  private async detail(auth: AuthContext, notice: NoticeEntity, receipt: NoticeReceiptEntity): Promise<GuardianNoticeDetail> {
    const [schools, children] = await Promise.all([this.schoolNames([notice.schoolId]), this.children(this.ds.manager, [receipt.id])]);
    const recalled = notice.status === 'recalled';
    const chain = await guardianChain(this.ds.manager, notice, auth.userId);
    const open = notice.status === 'published' && !notice.correctedBy && (!notice.confirmDeadline || notice.confirmDeadline.getTime() > this.clock.now().getTime());
    const pending: GuardianNoticeDetail['pending'] = [];
    if (open && notice.question && !receipt.answeredOn) pending.push('answer');
    if (open && notice.confirmMode === 'confirm' && !receipt.confirmedOn) pending.push('confirm');
    if (open && notice.confirmMode === 'sign' && !receipt.signedOn) pending.push('sign');
    const text = receipt.answerTextEnc ? await this.crypto.decryptText(receipt.answerTextEnc, answerAad(receipt.id)) : undefined;
    return {
      id: notice.id, kind: notice.kind, title: notice.title, schoolName: schools.get(notice.schoolId) ?? '', status: notice.status,
      body: recalled ? null : notice.body, recall: recalled ? { reason: notice.recallReason ?? '', at: isoRequired(notice.recalledAt!) } : null,
      confirmMode: notice.confirmMode, question: recalled ? null : notice.question, confirmDeadline: iso(notice.confirmDeadline),
      publishedAt: isoRequired(notice.publishedAt ?? receipt.createdAt), children: children.get(receipt.id) ?? [],
      receipt: {
        readOn: receipt.readOn, confirmedOn: receipt.confirmedOn, signedOn: receipt.signedOn, answeredOn: receipt.answeredOn,
        answer: receipt.answeredOn ? { ...(receipt.answerChoices ? { choices: decodeChoices(receipt.answerChoices) } : {}), ...(text !== undefined ? { text } : {}) } : null,
        acknowledgedOn: receipt.acknowledgedOn, contentHash: receipt.contentHash,
      },
      pending,
      correctionNote: recalled ? null : notice.correctionNote, correctionOf: chain.correctionOf, corrected: !!notice.correctedBy, correctedBy: chain.correctedBy,
    };
  }

  /** The caller's own receipt of a published notice; anything else (not a recipient, a draft, another tenant) is a 404. */
  private async mine(auth: AuthContext, noticeId: string): Promise<{ notice: NoticeEntity; receipt: NoticeReceiptEntity }> {
    const receipt = await this.ds.getRepository(NoticeReceiptEntity).findOne({ where: { noticeId, guardianUserId: auth.userId } });
    const notice = receipt ? await this.ds.getRepository(NoticeEntity).findOne({ where: { id: noticeId } }) : null;
    if (!receipt || !notice || !VISIBLE.includes(notice.status)) throw AppException.notFound('通知');
    return { notice, receipt };
  }

  private async schoolNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const rows = unique.length ? await this.ds.getRepository(SchoolEntity).find({ where: { id: In(unique) }, select: { id: true, name: true } }) : [];
    return new Map(rows.map((s) => [s.id, s.name]));
  }

  /** The children each receipt names, with their class names (one query: the links, their children, classes and grades). */
  private async children(m: EntityManager, receiptIds: string[]): Promise<Map<string, GuardianNoticeChild[]>> {
    const out = new Map<string, GuardianNoticeChild[]>();
    for (const ids of chunks([...new Set(receiptIds)])) {
      const rows: { receipt_id: string; student_id: string; student_name: string; class_name: string | null; grade_name: string | null }[] = await m.query(
        `SELECT l.receipt_id, s.id AS student_id, s.name AS student_name, c.name AS class_name, g.name AS grade_name
          FROM notice_receipt_students l JOIN students s ON s.id = l.student_id
          LEFT JOIN classes c ON c.id = l.class_id AND c.school_id = s.school_id LEFT JOIN grades g ON g.id = c.grade_id
          WHERE l.receipt_id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      for (const r of rows) {
        const child = { studentId: r.student_id, name: r.student_name, className: r.class_name === null ? '' : classDisplayName(r.grade_name ?? undefined, r.class_name) };
        out.set(r.receipt_id, [...(out.get(r.receipt_id) ?? []), child]);
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.className.localeCompare(b.className) || a.name.localeCompare(b.name));
    return out;
  }
}
