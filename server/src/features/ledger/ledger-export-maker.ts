import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { Logger } from 'pino';
import sharp from 'sharp';
import { semesterByKey, type LedgerExportStatus } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { LOGGER } from '../../platform/common/logging/logger';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { schoolCalendar } from '../calendar/district-calendar';
import { posterFonts } from '../posters/poster-font';
import { SchoolEntity } from '../tenancy/school.entity';
import { activeDuties } from './ledger-catalogue';
import { computeLedger, loadLedgerInputs, statusCounts } from './ledger-compute';
import type { LedgerExportContent } from './ledger-export-content';
import { LedgerExportEntity } from './ledger-export.entity';
import { LedgerFileEntity } from './ledger-file.entity';
import { renderLedgerPdf } from './ledger-pdf';
import { buildLedgerXlsx } from './ledger-xlsx';

export const LEDGER_EXPORTS_JOB = 'ledger.exports';
const EVERY_MS = 10_000;
/** Exports made per run, oldest first; the rest wait for the next run. */
const PER_RUN = 3;
/** A photo in the PDF: at most this wide and high (pixels), JPEG. */
const PDF_PHOTO_PX = 900;

/**
 * The worker's `ledger.exports` job (every 10 seconds, and at once when an export is asked for in a process that runs
 * a worker): deletes the exports whose days are over, then makes the waiting ones, oldest first. Progress is stored
 * as it goes (10 the ledger read, 40 the photos, 60 the spreadsheet, 80 the PDF, 100 ready). The job runs in one worker
 * at a time (PeriodicJobs), so an export still `running` when a run starts was left by a worker that stopped, and is
 * made again.
 */
@Injectable()
export class LedgerExportMaker implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.register(LEDGER_EXPORTS_JOB, EVERY_MS, () => this.run());
  }

  async run(): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.ds, (m) => m.delete(LedgerExportEntity, { expiresAt: LessThanOrEqual(now) }));
    const waiting = await this.ds.manager.find(LedgerExportEntity, { where: { status: In(['queued', 'running']) }, order: { createdAt: 'ASC' }, take: PER_RUN });
    for (const job of waiting) {
      try {
        await this.make(job);
      } catch (e) {
        this.log.error({ err: e, exportId: job.id }, 'ledger export failed');
        await this.mark(job.id, 'failed', 0);
      }
    }
  }

  private async make(job: LedgerExportEntity): Promise<void> {
    await this.mark(job.id, 'running', 10);
    const content = await this.content(job);
    await this.mark(job.id, 'running', 60);
    const xlsx = await buildLedgerXlsx(content);
    await this.mark(job.id, 'running', 80);
    const pdf = await renderLedgerPdf(content, await posterFonts());
    await inTransaction(this.ds, (m) => m.update(LedgerExportEntity, { id: job.id }, { status: 'ready', progress: 100, xlsx, pdf, finishedAt: this.clock.now() }));
  }

  /** The ledger as of now, the semester the export names, with each activity's photos made small for the PDF. */
  async content(job: Pick<LedgerExportEntity, 'schoolId' | 'semesterKey' | 'id'>): Promise<LedgerExportContent> {
    const m = this.ds.manager;
    const now = this.clock.now();
    const school = await m.findOneOrFail(SchoolEntity, { where: { id: job.schoolId } });
    const calendar = await schoolCalendar(m, school);
    const semester = semesterByKey(calendar, job.semesterKey);
    if (!semester) throw new Error(`no semester ${job.semesterKey}`);
    const duties = await activeDuties(m, school.districtId);
    const inputs = await loadLedgerInputs(m, school, calendar, semester, duties, now);
    const computed = computeLedger(calendar, semester, duties, inputs, now, () => false);
    const photos = new Map<string, Buffer[]>();
    const activityIds = computed.flatMap((d) => d.activities.map((a) => a.id));
    const photoIds = activityIds.flatMap((id) => (inputs.files.get(id) ?? []).filter((f) => f.kind === 'photo').map((f) => f.id));
    for (let i = 0; i < photoIds.length; i += 20) {
      const rows = await m.find(LedgerFileEntity, { where: { id: In(photoIds.slice(i, i + 20)) }, select: { id: true, activityId: true, data: true, createdAt: true }, order: { createdAt: 'ASC' } });
      for (const r of rows) {
        const small = await sharp(Buffer.from(r.data)).resize({ width: PDF_PHOTO_PX, height: PDF_PHOTO_PX, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
        photos.set(r.activityId, [...(photos.get(r.activityId) ?? []), small]);
      }
    }
    if (job.id) await this.mark(job.id, 'running', 40);
    const rows = computed.map((d) => d.row);
    return { schoolName: school.name, semesterLabel: semester.label, generatedAt: now.toISOString(), counts: statusCounts(rows), duties: rows, photos };
  }

  private mark(id: string, status: LedgerExportStatus, progress: number): Promise<unknown> {
    return inTransaction(this.ds, (m) => m.update(LedgerExportEntity, { id }, { status, progress }));
  }
}
