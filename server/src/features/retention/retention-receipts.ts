import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import sharp from 'sharp';
import { DataSource, In, type EntityManager } from 'typeorm';
import { formatDate, fromShanghaiParts, schoolYearLabel } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/common/clock/clock';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { receiptAnswerHash } from '../notices/notice-receipt-seal';
import { NoticeReceiptEntity } from '../notices/notice-receipt.entity';
import { NoticeSignatureEntity } from '../notices/notice-signature.entity';
import { NoticeEntity } from '../notices/notice.entity';
import { signatureAad } from '../notices/notice-answers';
import { signatureImageAad } from '../pledges/pledge-copies';
import { PledgeSignatureImageEntity } from '../pledges/pledge-signature-image.entity';
import { PledgeSignatureEntity } from '../pledges/pledge-signature.entity';
import { PledgeEntity } from '../pledges/pledge.entity';
import { SchoolEntity } from '../tenancy/school.entity';
import { RetentionReceiptSweepEntity } from './retention-receipt-sweep.entity';
import { rulesOf } from './tip-erasure';

export const RECEIPT_SWEEP_JOB = 'retention.receipt-signatures';
const SWEEP_EVERY_MS = 24 * 60 * 60_000;

/**
 * The first calendar year of the latest school year whose signatures are due for erasure on `now`: a school year
 * (1 August to 31 July, Asia/Shanghai) is kept while it runs and `receiptYears` more years.
 */
export function lastErasableYear(now: Date, receiptYears: number): number {
  return Number(schoolYearLabel(formatDate(now)).slice(0, 4)) - 1 - receiptYears;
}

/** 1 August of `year`, 00:00 Asia/Shanghai: where the school year `year`-`year+1` begins. */
const schoolYearStart = (year: number) => fromShanghaiParts({ year, month: 8, day: 1 });

/**
 * Erases the handwritten signature images of notice receipts and pledge signatures, and the receipts' 回执 answers,
 * once their school year plus the district's `receiptYears` is over: each image's bytes are replaced by a blank PNG of
 * the same size, sealed under the school's key with the same binding; each answer is cleared, its sealed hash kept.
 * The rows stay (who signed, the days, the sealed SHA-256 of the original image, its size), so counts, completion
 * figures and the sealed proofs are unchanged. Runs daily in the worker.
 */
@Injectable()
export class RetentionReceipts implements OnModuleInit {
  private readonly blanks = new Map<string, Buffer>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register(RECEIPT_SWEEP_JOB, SWEEP_EVERY_MS, async () => void (await this.sweep()));
  }

  /** Every school whose signatures have come due; answers how many images were erased. */
  async sweep(): Promise<number> {
    let erased = 0;
    for (const school of await this.ds.getRepository(SchoolEntity).find({ select: { id: true, districtId: true } })) {
      erased += await inTransaction(this.ds, (m) => this.sweepSchool(m, school.id, school.districtId));
    }
    return erased;
  }

  private async sweepSchool(m: EntityManager, schoolId: string, districtId: string): Promise<number> {
    const now = this.clock.now();
    const through = lastErasableYear(now, (await rulesOf(m, districtId)).receiptYears);
    const done = await m.findOne(RetentionReceiptSweepEntity, { where: { schoolId } });
    if (done && done.erasedThroughYear >= through) return 0;
    const until = schoolYearStart(through + 1);
    const from = done ? schoolYearStart(done.erasedThroughYear + 1) : null;
    const key = await this.crypto.schoolKey(m, schoolId);

    const notices = await m.createQueryBuilder(NoticeEntity, 'n').select('n.id', 'id')
      .where('n.school_id = :schoolId AND n.published_at IS NOT NULL AND n.published_at < :until', { schoolId, until })
      .andWhere(from ? 'n.published_at >= :from' : '1 = 1', from ? { from } : {})
      .getRawMany<{ id: string }>();
    let noticeImages = 0;
    let noticeAnswers = 0;
    for (const ids of chunk(notices.map((n) => n.id), 500)) {
      const rows = await m.find(NoticeSignatureEntity, { where: { noticeId: In(ids) }, select: { receiptId: true, width: true, height: true } });
      for (const r of rows) {
        const data = this.crypto.encryptBytes(key, await this.blank(r.width, r.height), signatureAad(r.receiptId));
        await m.update(NoticeSignatureEntity, { receiptId: r.receiptId }, { data, keyId: key.id });
        noticeImages++;
      }
      noticeAnswers += await this.eraseAnswers(m, ids);
    }
    const years: string[] = [];
    for (let y = from ? done!.erasedThroughYear + 1 : through - 30; y <= through; y++) years.push(`${y}-${y + 1}`);
    const pledges = await m.find(PledgeEntity, { where: { schoolId, schoolYear: In(years) }, select: { id: true } });
    let pledgeImages = 0;
    if (pledges.length) {
      const signatures = await m.find(PledgeSignatureEntity, { where: { pledgeId: In(pledges.map((p) => p.id)) }, select: { id: true } });
      for (const ids of chunk(signatures.map((s) => s.id), 500)) {
        const images = await m.find(PledgeSignatureImageEntity, { where: { signatureId: In(ids) }, select: { signatureId: true, part: true, width: true, height: true } });
        for (const i of images) {
          const data = this.crypto.encryptBytes(key, await this.blank(i.width, i.height), signatureImageAad(i.signatureId, i.part));
          await m.update(PledgeSignatureImageEntity, { signatureId: i.signatureId, part: i.part }, { data, keyId: key.id });
          pledgeImages++;
        }
      }
    }
    await m.delete(RetentionReceiptSweepEntity, { schoolId });
    await m.insert(RetentionReceiptSweepEntity, { schoolId, erasedThroughYear: through, sweptAt: now });
    if (noticeImages || pledgeImages) {
      await this.audit.append(m, {
        schoolId, actorUserId: null, actorRole: 'system', action: 'retention.receipts_erased', targetType: 'school', targetId: schoolId,
        details: { throughSchoolYear: `${through}-${through + 1}`, noticeSignatures: noticeImages, noticeAnswers, pledgeSignatureImages: pledgeImages },
      });
    }
    return noticeImages + noticeAnswers + pledgeImages;
  }

  /**
   * The 回执 answers of these notices' receipts: the choices and the encrypted text are cleared, and the hash the
   * receipt's seal covered is kept (`answer_erased_hash`), so the sealed proof still verifies the row. The day it was
   * answered stays, and so do the notice's tallied figures (`notice_class_counts`).
   */
  private async eraseAnswers(m: EntityManager, noticeIds: string[]): Promise<number> {
    const answered = await m.createQueryBuilder(NoticeReceiptEntity, 'r').select(['r.id', 'r.answerChoices', 'r.answerTextEnc'])
      .where({ noticeId: In(noticeIds) }).andWhere('(r.answer_choices IS NOT NULL OR r.answer_text_enc IS NOT NULL)').getMany();
    for (const r of answered) {
      await m.update(NoticeReceiptEntity, { id: r.id }, { answerErasedHash: receiptAnswerHash(r), answerChoices: null, answerTextEnc: null });
    }
    return answered.length;
  }

  /** A transparent PNG of the given size (kept per size: signature pads have a few fixed sizes). */
  private async blank(width: number, height: number): Promise<Buffer> {
    const w = Math.max(1, Math.min(width, 2000));
    const h = Math.max(1, Math.min(height, 2000));
    const k = `${w}x${h}`;
    let png = this.blanks.get(k);
    if (!png) {
      png = await sharp({ create: { width: w, height: h, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0 } } }).png().toBuffer();
      this.blanks.set(k, png);
    }
    return png;
  }
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
