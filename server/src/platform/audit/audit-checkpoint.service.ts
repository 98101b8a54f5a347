import { randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { Logger } from 'pino';
import { formatChineseDateTime, formatDate, shanghaiHourOn, type AuditSignedCheckpoint } from '@anxin/shared';
import { Clock } from '../common/clock/clock';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { insertOrIgnore } from '../database/insert-ignore';
import { inTransaction } from '../database/transaction';
import { OutboxService } from '../outbox/outbox.service';
import { SchoolEntity } from '../../features/tenancy/school.entity';
import { StaffRoleEntity } from '../../features/tenancy/staff-role.entity';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { GENESIS_HASH } from './audit-hash';
import { publicKeyOf } from './audit-keys';
import { AuditVerifier } from './audit-verifier';
import { appendCheckpoint } from './checkpoint-file';
import { signCheckpoint } from './checkpoint-signature';

/** How often a worker looks for schools whose checkpoint of the day is missing. */
const CHECK_EVERY_MS = 60_000;
/**
 * Schools looked at per worker tick, and the time after which a tick stops starting new ones (each verifies a whole
 * chain: about half a second to a second per 10,000 entries), so a new day's work never holds up delivery for long.
 */
const SCHOOLS_PER_RUN = 20;
const RUN_BUDGET_MS = 2_000;
/** A signed row older than this whose line is not in the file yet lost its writer (a crash): another run writes it. */
const FILE_WRITE_GRACE_MS = 60_000;
/** The digest reaches officers' WeChat no earlier than this hour of the day (Asia/Shanghai), not at midnight. */
const DIGEST_HOUR = 8;

export type CheckpointOutcome = 'signed' | 'broken' | 'empty' | 'taken';

/**
 * Once a day per school, the worker verifies the chain, signs its head with the audit signing key, appends the
 * signed checkpoint to the school's file outside the database, and sends the district officers a digest with the
 * head hash (through the outbox, in the transaction that records the checkpoint), so copies of the head live where
 * whoever runs the database cannot reach them. A unique (school, day) row makes this happen once per day however
 * many workers run. A chain that fails verification is not signed: the officers' digest says so instead.
 */
@Injectable()
export class AuditCheckpointService {
  private nextRunAt = 0;
  private readonly publicKey: KeyObject;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly verifier: AuditVerifier,
  ) {
    this.publicKey = publicKeyOf(config.audit.signingKey);
  }

  /** Called by the worker every tick: does the day's checkpoints at most once a minute (sooner while a backlog remains). */
  async runDue(): Promise<void> {
    if (Date.now() < this.nextRunAt) return;
    let more = false;
    try {
      more = (await this.checkpointDue(SCHOOLS_PER_RUN)).more;
    } catch (e) {
      this.log.error({ err: e }, 'audit checkpoints failed');
    }
    this.nextRunAt = more ? 0 : Date.now() + CHECK_EVERY_MS;
  }

  /**
   * Checkpoints up to `limit` schools that have none for today yet, after finishing any signed line a crashed run
   * did not get into its file. `more`: schools were left for the next run.
   */
  async checkpointDue(limit = SCHOOLS_PER_RUN, budgetMs = RUN_BUDGET_MS): Promise<{ outcomes: Record<string, CheckpointOutcome>; more: boolean }> {
    const started = Date.now();
    await this.writeMissingLines();
    const day = formatDate(this.clock.now());
    const due: { id: string }[] = await this.ds.getRepository(SchoolEntity).createQueryBuilder('s')
      .select('s.id', 'id')
      .leftJoin(AuditCheckpointEntity, 'c', 'c.school_id = s.id AND c.day = :day', { day })
      .where('c.id IS NULL')
      .orderBy('s.id', 'ASC')
      .limit(limit + 1)
      .getRawMany();
    const outcomes: Record<string, CheckpointOutcome> = {};
    let looked = 0;
    for (const { id } of due.slice(0, limit)) {
      if (looked > 0 && Date.now() - started >= budgetMs) break;
      looked++;
      try {
        outcomes[id] = await this.checkpointSchool(id);
      } catch (e) {
        this.log.error({ err: e, schoolId: id }, 'audit checkpoint of a school failed');
      }
    }
    return { outcomes, more: due.length > looked };
  }

  /** Today's checkpoint of one school (a no-op returning 'taken' when another run already made it). */
  async checkpointSchool(schoolId: string): Promise<CheckpointOutcome> {
    const now = this.clock.now();
    const day = formatDate(now);
    // Verified before the claim, outside any transaction: a walk of the whole chain must not hold locks.
    const result = await this.verifier.verify(schoolId);
    const head = result.head;
    // The head is signed whenever the chain holds: a sealed record found changed is told in the digest, and does not
    // stop the chain being vouched for.
    const signed = result.chainOk && head
      ? signCheckpoint(this.config.audit.signingKey, this.publicKey, { schoolId, seq: head.seq, headHash: head.hash, signedAt: now.toISOString() })
      : null;
    const outcome: CheckpointOutcome = !result.chainOk ? 'broken' : head ? 'signed' : 'empty';
    const claimToken = randomUUID();
    const won = await inTransaction(this.ds, async (m) => {
      await insertOrIgnore(m, AuditCheckpointEntity, {
        id: randomUUID(), schoolId, day, seq: head?.seq ?? 0, headHash: head?.hash ?? GENESIS_HASH, signedAt: now,
        keyId: signed?.keyId ?? null, signature: signed?.signature ?? null, ok: result.ok,
        problem: result.problem?.slice(0, 500) ?? null, claimToken, fileWrittenAt: null,
      });
      const row = await m.findOne(AuditCheckpointEntity, { where: { schoolId, day }, select: { id: true, claimToken: true } });
      if (row?.claimToken !== claimToken) return false;
      if (outcome === 'empty') return true;
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: schoolId } });
      const officers = await m.find(StaffRoleEntity, { where: { districtId: school.districtId, role: 'district_officer', schoolId: IsNull() } });
      const dueAt = digestDueAt(now);
      for (const userId of [...new Set(officers.map((o) => o.userId))]) {
        await this.outbox.enqueue(m, {
          dedupeKey: `audit.digest:${schoolId}:${day}:${userId}`, channel: 'wechat_subscribe', schoolId, recipientUserId: userId,
          template: 'audit.digest', fallback: { kind: 'inbox_only' }, dueAt,
          ...(signed ? digestOf(school.name, signed, now, result.ok ? null : result.problem) : brokenDigestOf(school.name, result.problem ?? '', now)),
        });
      }
      return true;
    });
    if (!won) return 'taken';
    if (outcome === 'broken') this.log.error({ schoolId, problem: result.problem }, 'audit chain failed verification; not signed');
    else if (!result.ok) this.log.error({ schoolId, problem: result.problem }, 'sealed records failed verification');
    if (signed) await this.writeLine(signed);
    return outcome;
  }

  /** Signed checkpoints whose line never reached the file (the writing worker died in between). */
  private async writeMissingLines(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - FILE_WRITE_GRACE_MS);
    const rows = await this.ds.getRepository(AuditCheckpointEntity).find({
      where: { fileWrittenAt: IsNull(), signature: Not(IsNull()), signedAt: LessThan(before) },
      order: { signedAt: 'ASC' },
      take: 100,
    });
    for (const r of rows) {
      await this.writeLine({
        schoolId: r.schoolId, seq: r.seq, headHash: r.headHash, signedAt: new Date(r.signedAt).toISOString(), keyId: r.keyId!, signature: r.signature!,
      });
    }
  }

  /** Appends the line, then records that it is there; a crash in between only means the same line is appended again. */
  private async writeLine(cp: AuditSignedCheckpoint): Promise<void> {
    appendCheckpoint(this.config.audit.checkpointDir, cp);
    await inTransaction(this.ds, (m) => m.createQueryBuilder().update(AuditCheckpointEntity)
      .set({ fileWrittenAt: this.clock.now() })
      .where('school_id = :schoolId AND signature = :signature AND file_written_at IS NULL', { schoolId: cp.schoolId, signature: cp.signature })
      .execute());
  }
}

function digestDueAt(now: Date): Date {
  return new Date(Math.max(shanghaiHourOn(now, DIGEST_HOUR).getTime(), now.getTime()));
}

/** WeChat shows the title, a short form of the head and the time; the in-app inbox copy carries the full hash. */
function digestOf(schoolName: string, cp: AuditSignedCheckpoint, now: Date, sealProblem: string | null) {
  return {
    title: `${schoolName.slice(0, 14)}审计日报`,
    body: `截至 ${formatChineseDateTime(now)}，${schoolName}的审计日志共 ${cp.seq} 条，逐条校验完整。`
      + `第 ${cp.seq} 条（链头）的哈希为 ${cp.headHash}，已签名存档（签名密钥 ${cp.keyId}）。`
      + '请保留本消息：日后核对时，第 ' + cp.seq + ' 条记录的哈希必须仍是这个值，否则日志被改写过。'
      + (sealProblem ? `但${sealProblem}，请联系学校与运维核查。` : ''),
    data: { head: `${cp.seq}:${cp.headHash.slice(0, 24)}` },
  };
}

function brokenDigestOf(schoolName: string, problem: string, now: Date) {
  return {
    title: `${schoolName.slice(0, 12)}审计日志异常`,
    body: `${formatChineseDateTime(now)} 校验${schoolName}的审计日志未通过：${problem}。今日未签名存档，请联系学校与运维核查。`,
    data: { head: 'BROKEN' },
  };
}
