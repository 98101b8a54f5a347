import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { BrowserSessionItem } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { utcDay } from '../../platform/common/clock/utc-day';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { SecurityLogService } from '../identity/security-log.service';
import { SessionEntity } from '../identity/session.entity';
import { SessionService } from '../identity/session.service';

/** 我的 → 已登录的电脑: the caller's own browser sessions that are still alive, and ending one from the phone. */
@Injectable()
export class BrowserSessionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
    private readonly securityLog: SecurityLogService,
  ) {}

  async list(auth: AuthContext): Promise<BrowserSessionItem[]> {
    const rows = await this.ds.getRepository(SessionEntity).find({
      where: { userId: auth.userId, kind: 'browser', revokedOn: IsNull() }, order: { lastSeenOn: 'DESC', createdOn: 'DESC' },
    });
    const now = this.clock.now();
    return rows.filter((r) => this.sessions.endsAt(r) > now).map((r) => ({
      id: r.id, browser: r.client ?? '未知浏览器', signedInOn: r.createdOn, lastUsedOn: r.lastSeenOn, current: r.id === auth.sessionId,
    }));
  }

  /** 退出: the browser's next request answers 401. Only the caller's own browser sessions (another's: 404). */
  async end(auth: AuthContext, id: string): Promise<void> {
    await inTransaction(this.ds, async (m) => {
      const res = await m.update(SessionEntity, { id, userId: auth.userId, kind: 'browser', revokedOn: IsNull() }, { revokedOn: utcDay(this.clock.now()) });
      if (res.affected !== 1) throw AppException.notFound('已登录的电脑');
      await this.securityLog.record(m, auth.userId, 'browser_session.ended');
    });
  }
}
