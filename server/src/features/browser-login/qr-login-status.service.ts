import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { QR_LOGIN, type QrLoginStatusResponse, type QrLoginWaitingStatus } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { MeService } from '../identity/me.service';
import { SecurityLogService } from '../identity/security-log.service';
import { SessionService } from '../identity/session.service';
import { UserEntity } from '../identity/user.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { QrLoginEntity } from './qr-login.entity';
import { matchesQrToken } from './qr-login-tokens';

/** How often a waiting browser's request looks at its code again (the state is in the database, for every server). */
export const QR_POLL_INTERVAL_MS = 1000;
/**
 * A code that expired unseen stops naming whoever scanned it this long after its expiry (the browser, looking at
 * least every QR_LOGIN.maxWaitSeconds, has found it expired by then), and is deleted a while later.
 */
const NAME_AFTER_EXPIRY_MS = 60_000;
const KEEP_AFTER_EXPIRY_MS = 5 * 60_000;
const PURGE_EVERY_MS = 60_000;

/**
 * The browser's side of a code: what it is told when it looks (`GET /auth/qr/{ticket}?poll=…`), waiting up to
 * QR_LOGIN.maxWaitSeconds for a change when asked to, and the one look that collects the session once the phone
 * confirmed. Nothing is held in memory between requests: any server answers any look.
 */
@Injectable()
export class QrLoginStatusService implements OnModuleInit, OnModuleDestroy {
  private stopping = false;
  private readonly sleepers = new Set<() => void>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly me: MeService,
    private readonly securityLog: SecurityLogService,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register('browser-login.qr-logins.purge', PURGE_EVERY_MS, () => this.purgeEnded());
  }

  /** The app is stopping: waiting requests answer at once with what they have, so the HTTP server can close. */
  onModuleDestroy(): void {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
  }

  /**
   * The code's state. With `wait` (seconds), a code still waiting (`pending`, `scanned`) is looked at again every
   * QR_POLL_INTERVAL_MS until its state is no longer `seen` (by default: the state found first) or the time is up.
   */
  async status(ticket: string, pollToken: string, options: { wait?: number; seen?: QrLoginWaitingStatus } = {}): Promise<QrLoginStatusResponse> {
    // The wait is a duration of this request, not a time in the domain: the process's own clock measures it.
    const until = Date.now() + Math.min(options.wait ?? 0, QR_LOGIN.maxWaitSeconds) * 1000;
    let answer = await this.lookOnce(ticket, pollToken);
    const seen = options.seen ?? answer.status;
    while ((answer.status === 'pending' || answer.status === 'scanned') && answer.status === seen && !this.stopping && Date.now() < until) {
      await this.pause(Math.min(QR_POLL_INTERVAL_MS, until - Date.now()));
      answer = await this.lookOnce(ticket, pollToken);
    }
    return answer;
  }

  private async lookOnce(ticket: string, pollToken: string): Promise<QrLoginStatusResponse> {
    const row = await this.ds.getRepository(QrLoginEntity).findOne({ where: { id: ticket } });
    // A wrong poll token is told nothing, not even that the ticket exists.
    if (!row || !matchesQrToken(pollToken, row.pollHash)) throw AppException.notFound('二维码');
    const now = this.clock.now();
    const base = { expiresAt: row.expiresAt.toISOString(), refusal: null, login: null };
    if (['pending', 'scanned', 'confirmed'].includes(row.status) && row.expiresAt <= now) return this.expire(row, now);
    switch (row.status) {
      case 'pending':
      case 'scanned':
        return { ...base, status: row.status };
      case 'confirmed':
        return (await this.collect(row, now)) ?? this.lookOnce(ticket, pollToken);
      case 'refused':
        return { ...base, status: 'refused', refusal: row.refusal };
      default: // collected, expired: a code is used once
        return { ...base, status: 'expired' };
    }
  }

  /**
   * The code timed out. A browser coming for a code someone had scanned or confirmed is in that person's security
   * log (once); the code then names nobody.
   */
  private async expire(row: QrLoginEntity, now: Date): Promise<QrLoginStatusResponse> {
    await inTransaction(this.ds, async (m) => {
      const res = await m.update(QrLoginEntity, { id: row.id, status: row.status, expiresAt: LessThanOrEqual(now) }, { status: 'expired', userId: null });
      if (res.affected === 1 && row.userId) await this.securityLog.record(m, row.userId, 'qr_login.expired');
    });
    return { status: 'expired', expiresAt: row.expiresAt.toISOString(), refusal: null, login: null };
  }

  /**
   * The one look that takes the confirmed code: a browser session for whoever confirmed it, if they are still staff
   * and not disabled. Null when another request took the code first (the caller looks again).
   */
  private async collect(row: QrLoginEntity, now: Date): Promise<QrLoginStatusResponse | null> {
    return inTransaction(this.ds, async (m) => {
      const taken = await m.update(QrLoginEntity, { id: row.id, status: 'confirmed', userId: row.userId!, expiresAt: MoreThan(now) }, { status: 'collected', userId: null });
      if (taken.affected !== 1) return null;
      const base = { expiresAt: row.expiresAt.toISOString(), refusal: null, login: null };
      const user = await m.findOne(UserEntity, { where: { id: row.userId! } });
      if (!user || user.disabled || !(await m.exists(StaffRoleEntity, { where: { userId: user.id } }))) {
        await m.update(QrLoginEntity, { id: row.id }, { status: 'refused', refusal: 'not_staff' });
        return { ...base, status: 'refused', refusal: 'not_staff' };
      }
      const { token, expiresAt } = await this.sessions.create(m, user.id, { browser: row.browser });
      const auth = await this.sessions.resolveWith(m, token);
      await this.securityLog.record(m, user.id, 'staff.browser_login');
      return { ...base, status: 'confirmed', login: { token, expiresAt: expiresAt.toISOString(), user: await this.me.me(auth, m) } };
    });
  }

  /** Forgets who scanned codes that expired, and deletes codes that ended a while ago (a periodic job of the worker). */
  async purgeEnded(): Promise<void> {
    const now = this.clock.now().getTime();
    await inTransaction(this.ds, async (m) => {
      await m.update(QrLoginEntity, { expiresAt: LessThan(new Date(now - NAME_AFTER_EXPIRY_MS)), userId: Not(IsNull()) }, { userId: null });
      await m.delete(QrLoginEntity, { expiresAt: LessThan(new Date(now - KEEP_AFTER_EXPIRY_MS)) });
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.sleepers.add(wake);
    });
  }
}
