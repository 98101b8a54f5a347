import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, type GuardianNoticeAck, type GuardianNoticeChild, type GuardianNoticeDetail, type ShanghaiDay } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService, type DataKey } from '../../platform/crypto/crypto.service';
import { Batcher, failed, succeeded, type Outcome } from '../../platform/database/batcher';
import { entityRows } from '../../platform/database/entity-rows';
import { chunks } from '../../platform/database/in-lists';
import { inTransaction } from '../../platform/database/transaction';
import { answerAad, checkAnswer, encodeChoices, signatureAad } from './notice-answers';
import { guardianChain } from './notice-chain';
import type { AckNoticeDto } from './notice-guardian.dto';
import { NoticeGuardianDetails } from './notice-guardian-details';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeSignatureEntity } from './notice-signature.entity';
import { ReceiptTallies } from './notice-receipt-tallies';
import { NoticeEntity } from './notice.entity';
import { receiptDay } from './notice-times';
import { checkSignaturePng, type CheckedSignature } from './signature-png';

/** Statuses a guardian sees (a receipt exists only once a notice is published). */
export const GUARDIAN_VISIBLE = ['published', 'closed', 'recalled'];

/** A guardian opening their notice (`ack` absent), or confirming, signing and/or answering it. */
interface ReceiptRequest {
  guardianUserId: string;
  noticeId: string;
  ack?: AckNoticeDto;
}

/** What a request will record, checked against the receipt as read before the transaction. */
interface Did {
  confirm: boolean;
  signature: CheckedSignature | null;
  answer: { choices: string | null; text: string | null } | null;
}

/** A guardian's receipt as read for a request, and its notice. */
interface Mine {
  notice: NoticeEntity;
  receipt: NoticeReceiptEntity;
}

interface Planned {
  request: ReceiptRequest;
  notice: NoticeEntity;
  receipt: NoticeReceiptEntity;
  /** Null: nothing to record (an opening already recorded, or of a recalled notice). */
  did: Did | null;
}

/** The receipt's columns a guardian's request may change, as the UPDATE writes them. */
const WRITTEN: [keyof NoticeReceiptEntity, string][] = [
  ['readOn', 'read_on'], ['delivered', 'delivered'], ['confirmedOn', 'confirmed_on'], ['signedOn', 'signed_on'], ['answeredOn', 'answered_on'],
  ['answerChoices', 'answer_choices'], ['answerTextEnc', 'answer_text_enc'], ['acknowledgedOn', 'acknowledged_on'], ['tallyDue', 'tally_due'],
];

/**
 * What guardians record on their receipts — opening a notice, confirming, signing, answering — written for the
 * requests that arrive together in one transaction (group commit, `Batcher`): at 50 guardians confirming at once the
 * database sees about a dozen statements per batch instead of a dozen per guardian (docs/NOTICES.md, "Guardians":
 * requests that arrive together). Each request keeps its own outcome: one guardian's refusal (answered twice, the
 * deadline passed) is theirs alone. Every query is keyed by the requesting guardian, so nobody reads or writes another
 * guardian's receipt.
 */
@Injectable()
export class NoticeReceiptWrites {
  /** An opening answers with the notice's detail, a confirmation (signature, answer) with its receipt (`serve`). */
  private readonly batcher: Batcher<ReceiptRequest, GuardianNoticeDetail | GuardianNoticeAck>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly clock: Clock,
    private readonly tallies: ReceiptTallies,
    private readonly views: NoticeGuardianDetails,
  ) {
    this.batcher = new Batcher((requests) => this.serve(requests), { max: 200, concurrent: 2 });
  }

  /** Opens a notice: the first opening of a published (or closed) one is recorded on the receipt (the day). */
  open(guardianUserId: string, noticeId: string): Promise<GuardianNoticeDetail> {
    return this.batcher.call({ guardianUserId, noticeId }) as Promise<GuardianNoticeDetail>;
  }

  /** Confirm, sign and/or answer, as the notice asks. Each is recorded once; opening is recorded too if it was not. */
  acknowledge(guardianUserId: string, noticeId: string, ack: AckNoticeDto): Promise<GuardianNoticeAck> {
    return this.batcher.call({ guardianUserId, noticeId, ack }) as Promise<GuardianNoticeAck>;
  }

  private async serve(requests: ReceiptRequest[]): Promise<Outcome<GuardianNoticeDetail | GuardianNoticeAck>[]> {
    const now = this.clock.now();
    const today = receiptDay(now);
    const { found, children, schoolNames } = await this.mine(requests);
    const planned = await Promise.all(requests.map((r) => this.plan(r, found, now).then(succeeded, failed)));
    const toWrite = planned.flatMap((p) => (p.ok && p.value.did ? [p.value] : []));
    const written = toWrite.length ? await inTransaction(this.ds, (m) => this.record(m, toWrite, today)) : new Map<Planned, Outcome<NoticeReceiptEntity>>();
    // Committed: their class counts and seal leaves follow behind (`ReceiptTallies`).
    this.tallies.queue([...written.values()].flatMap((w) => (w.ok && w.value.tallyDue ? [w.value.id] : [])));
    const outcomes = planned.map((p): Outcome<{ planned: Planned; receipt: NoticeReceiptEntity }> => {
      if (!p.ok) return p;
      const w = written.get(p.value);
      if (!w) return succeeded({ planned: p.value, receipt: p.value.receipt });
      return w.ok ? succeeded({ planned: p.value, receipt: w.value }) : w;
    });
    const shown = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    const view = ({ planned: p, receipt }: (typeof shown)[number]) => ({ guardianUserId: p.request.guardianUserId, notice: p.notice, receipt });
    const [opened, acked] = [shown.filter((s) => !s.planned.request.ack), shown.filter((s) => s.planned.request.ack)];
    // An opening's children and school name were read with the receipts and notices (a confirmation changes neither).
    const details = await this.views.details(opened.map(view), { children, schoolNames });
    const acks = await this.views.acks(acked.map(view));
    const answerOf = new Map<Planned, GuardianNoticeDetail | GuardianNoticeAck>([
      ...opened.map((s, i): [Planned, GuardianNoticeDetail] => [s.planned, details[i]]), ...acked.map((s, i): [Planned, GuardianNoticeAck] => [s.planned, acks[i]]),
    ]);
    return outcomes.map((o) => (o.ok ? succeeded(answerOf.get(o.value.planned)!) : o));
  }

  /**
   * Each request's own receipt of a published notice and the notice, by `notice|guardian` (two queries for the batch:
   * the receipts, with the children they name when the batch has an opening, and the notices with their schools' names).
   */
  private async mine(requests: ReceiptRequest[]): Promise<{ found: Map<string, Mine>; children: Map<string, GuardianNoticeChild[]>; schoolNames: Map<string, string> }> {
    const m = this.ds.manager;
    const noticeIds = [...new Set(requests.map((r) => r.noticeId))];
    // Only an opening answers with the children its receipt names.
    const { receipts, children } = await this.views.readReceipts(m, noticeIds, requests.map((r) => r.guardianUserId), requests.some((r) => !r.ack));
    const { notices, schoolNames } = receipts.length ? await this.views.readNotices(m, noticeIds) : { notices: [], schoolNames: new Map<string, string>() };
    const byId = new Map(notices.map((n) => [n.id, n]));
    const found = new Map<string, Mine>();
    for (const receipt of receipts) {
      const notice = byId.get(receipt.noticeId);
      if (notice && GUARDIAN_VISIBLE.includes(notice.status)) found.set(`${receipt.noticeId}|${receipt.guardianUserId}`, { notice, receipt });
    }
    return { found, children, schoolNames };
  }

  /** The checks that need only the request and the rows read before the transaction; anything else than the caller's own receipt is a 404. */
  private async plan(request: ReceiptRequest, found: Map<string, Mine>, now: Date): Promise<Planned> {
    const mine = found.get(`${request.noticeId}|${request.guardianUserId}`);
    if (!mine) throw AppException.notFound('通知');
    const { notice, receipt } = mine;
    const dto = request.ack;
    if (!dto) {
      const did = receipt.readOn || notice.status === 'recalled' ? null : { confirm: false, signature: null, answer: null };
      return { request, notice, receipt, did };
    }
    const invalid = (message: string) => AppException.unprocessable(ErrorCode.NOTICE_ACK_INVALID, message);
    if (notice.status === 'recalled') throw AppException.conflict(ErrorCode.NOTICE_RECALLED, '学校已撤回这条通知');
    if (notice.correctedBy) {
      const { correctedBy } = await guardianChain(this.ds.manager, notice, request.guardianUserId);
      throw AppException.conflict(ErrorCode.NOTICE_CORRECTED, '学校已更正这条通知，请阅读并确认更正后的通知', { correctionId: correctedBy });
    }
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
    return {
      request, notice, receipt,
      did: { confirm: dto.confirm === true, signature, answer: answer ? { choices: answer.choices ? encodeChoices(answer.choices) : null, text: answer.text } : null },
    };
  }

  /**
   * In one transaction: the receipts read under their locks (FOR UPDATE on MariaDB/MySQL, in id order; SQLite's
   * transactions take turns), so requests at once — also two of one guardian in the same batch, applied in turn —
   * see each other's work: answering or signing twice is refused by the row as it is now (409). Then one UPDATE of
   * every changed receipt, marked `tally_due`, and the signatures. The class counts and seal leaves are written
   * behind it, many batches together (`ReceiptTallies`, queued once this commits).
   */
  private async record(m: EntityManager, planned: Planned[], today: ShanghaiDay): Promise<Map<Planned, Outcome<NoticeReceiptEntity>>> {
    const ids = [...new Set(planned.map((p) => p.receipt.id))].sort();
    const sqlite = m.connection.options.type === 'better-sqlite3';
    const before = new Map<string, NoticeReceiptEntity>();
    for (const part of chunks(ids)) {
      const locked = await entityRows.select(m, NoticeReceiptEntity, `t.id IN (${part.map(() => '?').join(', ')})`, part, `ORDER BY t.id${sqlite ? '' : ' FOR UPDATE'}`);
      for (const r of locked) before.set(r.id, r);
    }
    const keys = new Map<string, DataKey>();
    for (const schoolId of new Set(planned.filter((p) => p.did!.signature || p.did!.answer?.text != null).map((p) => p.notice.schoolId))) {
      keys.set(schoolId, await this.crypto.schoolKey(m, schoolId));
    }
    const current = new Map(before);
    const signatures: Partial<NoticeSignatureEntity>[] = [];
    const out = new Map<Planned, Outcome<NoticeReceiptEntity>>();
    for (const p of planned) {
      try {
        const after = this.apply(p, current.get(p.receipt.id)!, today, keys.get(p.notice.schoolId));
        current.set(after.id, after);
        const sig = p.did!.signature;
        if (sig) {
          const key = keys.get(p.notice.schoolId)!;
          signatures.push({
            receiptId: after.id, noticeId: p.notice.id, schoolId: p.notice.schoolId, keyId: key.id,
            data: this.crypto.encryptBytes(key, sig.png, signatureAad(after.id)), sha256: sig.sha256, width: sig.width, height: sig.height, size: sig.png.length,
          });
        }
        out.set(p, succeeded(after));
      } catch (e) {
        out.set(p, failed(e));
      }
    }
    // Receipts whose columns moved (confirming again moves none) are written, and marked for their tally.
    const changed = ids.map((id) => current.get(id)!).filter((after) => WRITTEN.some(([prop]) => stored(before.get(after.id)![prop]) !== stored(after[prop])));
    for (const after of changed) after.tallyDue = true;
    await updateReceipts(m, changed.map((after) => ({ before: before.get(after.id)!, after })));
    if (signatures.length) await m.insert(NoticeSignatureEntity, signatures);
    return out;
  }

  /**
   * The receipt after one request: opened (the day, if not yet; that also makes it delivered), confirmed, answered,
   * signed, and acknowledged (the day) once it is done as the notice asks — read, confirmed or signed by its mode, and
   * the 回执 question answered when there is one. `receipt` is the row as locked, or as an earlier request of the batch left it.
   */
  private apply(p: Planned, receipt: NoticeReceiptEntity, today: ShanghaiDay, key: DataKey | undefined): NoticeReceiptEntity {
    const did = p.did!;
    if (did.answer && receipt.answeredOn) throw AppException.conflict(ErrorCode.NOTICE_ALREADY_ANSWERED, '您已经回答过回执问题');
    if (did.signature && receipt.signedOn) throw AppException.conflict(ErrorCode.NOTICE_ALREADY_SIGNED, '您已经签过字了');
    const after = Object.assign(Object.create(Object.getPrototypeOf(receipt)) as NoticeReceiptEntity, receipt, { readOn: receipt.readOn ?? today, delivered: true });
    if (did.confirm) after.confirmedOn = receipt.confirmedOn ?? today;
    if (did.answer) {
      after.answeredOn = today;
      after.answerChoices = did.answer.choices;
      after.answerTextEnc = did.answer.text !== null && key ? this.crypto.encryptText(key, did.answer.text, answerAad(receipt.id)) : null;
    }
    if (did.signature) after.signedOn = today;
    // Each part the notice asks is done now, or was done before this request.
    const done = { read: true, confirm: after.confirmedOn !== null, sign: after.signedOn !== null }[p.notice.confirmMode] && (!p.notice.question || after.answeredOn !== null);
    after.acknowledgedOn = receipt.acknowledgedOn ?? (done ? today : null);
    return after;
  }
}

/** A receipt's value as its column holds it (booleans as 0/1). */
const stored = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v ?? null);

/**
 * One UPDATE for up to 100 receipts, of the columns a request changed (`before` as locked, `after` as it leaves them):
 * a column that now holds one value in every row is set to it, any other per row (`CASE id WHEN … THEN … END`).
 * Confirmations arriving together mostly write the same days, so their UPDATE carries the answers per row and little
 * else (docs/NOTICES.md, "Guardians").
 */
async function updateReceipts(m: EntityManager, rows: { before: NoticeReceiptEntity; after: NoticeReceiptEntity }[]): Promise<void> {
  for (const part of chunks(rows, 100)) {
    const set: string[] = [];
    const params: unknown[] = [];
    for (const [prop, column] of WRITTEN) {
      const after = part.map((r) => stored(r.after[prop]));
      if (part.every((r, i) => stored(r.before[prop]) === after[i])) continue;
      if (after.every((v) => v === after[0])) {
        set.push(`${column} = ?`);
        params.push(after[0]);
      } else {
        set.push(`${column} = CASE id ${part.map(() => 'WHEN ? THEN ?').join(' ')} END`);
        params.push(...part.flatMap((r, i) => [r.after.id, after[i]]));
      }
    }
    if (!set.length) continue;
    await m.query(`UPDATE notice_receipts SET ${set.join(', ')} WHERE id IN (${part.map(() => '?').join(', ')})`, [...params, ...part.map((r) => r.after.id)]);
  }
}
