import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Logger } from 'pino';
import { LOGGER } from '../common/logging/logger';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { insertOrIgnore } from '../database/insert-ignore';
import { inTransaction } from '../database/transaction';
import { AccessTokenEntity } from './access-token.entity';
import { TRANSPORT_ERROR, WechatApiError } from './wechat-api.errors';
import { wechatFetch } from './wechat-http';

/** Refresh this long before WeChat's expiry (WeChat itself overlaps old and new tokens by 5 minutes). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** How often a caller waiting for another instance's refresh reads the row again. */
const REFRESH_POLL_MS = 100;

interface CachedToken { token: string; expiresAt: number }

/**
 * The access token, from `stable_token`, kept in the database so every server instance and
 * worker shares one. Who refreshes is decided under a lock on the token row (SELECT … FOR UPDATE on MariaDB/MySQL;
 * a write first on SQLite, which serialises writers), re-checking the row after taking it, and recorded as a refresh
 * lease on the row; the WeChat call itself is made after that transaction has committed. So several instances that
 * notice expiry together make one call, and no transaction waits on WeChat. Token expiry is WeChat's real time, not
 * the Clock.
 */
@Injectable()
export class AccessTokenService {
  private cached: CachedToken | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  get appId(): string {
    return this.config.wechat.appId ?? 'anxin-dev-appid';
  }

  /** A token valid for at least REFRESH_MARGIN_MS more. */
  async getToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return this.cached.token;
    return this.singleFlight(null);
  }

  /**
   * A business API refused `rejected` (40001/42001): unless another instance already replaced it, force a
   * new one. Concurrent callers in this process share one refresh.
   */
  async replaceRejected(rejected: string): Promise<string> {
    if (this.cached?.token === rejected) this.cached = null;
    return this.singleFlight(rejected);
  }

  private singleFlight(rejected: string | null): Promise<string> {
    if (!this.refreshing) {
      this.refreshing = this.loadOrRefresh(rejected).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private usable(row: AccessTokenEntity | null, rejected: string | null): row is AccessTokenEntity & { accessToken: string; expiresAt: Date } {
    return !!row?.accessToken && !!row.expiresAt && new Date(row.expiresAt).getTime() - REFRESH_MARGIN_MS > Date.now() && row.accessToken !== rejected;
  }

  private remember(row: { accessToken: string; expiresAt: Date }): string {
    this.cached = { token: row.accessToken, expiresAt: new Date(row.expiresAt).getTime() };
    return row.accessToken;
  }

  /**
   * The stored token if usable; otherwise one caller in the fleet refreshes it. The refresher is chosen in a short
   * transaction (the row locked, re-checked, a refresh lease written), then asks WeChat with no transaction open,
   * then stores the token if its lease still holds. Everyone else waits for the row to change or the lease to lapse.
   */
  private async loadOrRefresh(rejected: string | null): Promise<string> {
    const waitUntil = Date.now() + this.refreshLeaseMs() * 2;
    for (;;) {
      const current = await this.ds.getRepository(AccessTokenEntity).findOne({ where: { appid: this.appId } });
      if (this.usable(current, rejected)) return this.remember(current);
      const claim = await inTransaction(this.ds, async (m): Promise<{ token: AccessTokenEntity & { accessToken: string; expiresAt: Date } } | { wait: true } | { lease: string; force: boolean }> => {
        const row = await this.lockRow(m);
        if (this.usable(row, rejected)) return { token: row };
        if (row.refreshBy && row.refreshUntil && new Date(row.refreshUntil).getTime() > Date.now()) return { wait: true };
        const lease = randomUUID();
        await m.update(AccessTokenEntity, { appid: this.appId }, { refreshBy: lease, refreshUntil: new Date(Date.now() + this.refreshLeaseMs()) });
        return { lease, force: rejected !== null && row.accessToken === rejected };
      });
      if ('token' in claim) return this.remember(claim.token);
      if ('wait' in claim) {
        if (Date.now() > waitUntil) throw new WechatApiError(TRANSPORT_ERROR, 'another instance is refreshing the access token', 'stable_token');
        await new Promise((r) => setTimeout(r, REFRESH_POLL_MS));
        continue;
      }
      const token = await this.refreshUnderLease(claim.lease, claim.force);
      if (token) return token;
      // The lease ran out during the call and another caller refreshed since: the next pass reads its token.
    }
  }

  /** Asks WeChat (no transaction open) and stores the answer if `lease` is still the refresh in progress. */
  private async refreshUnderLease(lease: string, force: boolean): Promise<string | null> {
    let fresh;
    try {
      fresh = await this.fetchStableToken(force);
    } catch (e) {
      await inTransaction(this.ds, (m) => m.update(AccessTokenEntity, { appid: this.appId, refreshBy: lease }, { refreshBy: null, refreshUntil: null }))
        .catch((err) => this.log.warn({ err }, 'access token refresh lease not released'));
      throw e;
    }
    const expiresAt = new Date(Date.now() + fresh.expires_in * 1000);
    const stored = await inTransaction(this.ds, (m) => m.update(AccessTokenEntity, { appid: this.appId, refreshBy: lease }, {
      accessToken: fresh.access_token, expiresAt, updatedAt: new Date(), version: () => 'version + 1', refreshBy: null, refreshUntil: null,
    }));
    if (!stored.affected) return null;
    this.log.info({ force, expiresInS: fresh.expires_in }, 'wechat access token refreshed');
    return this.remember({ accessToken: fresh.access_token, expiresAt });
  }

  /** How long the others wait for one refresh: the call's time-out and a margin. */
  private refreshLeaseMs(): number {
    return this.config.wechat.timeoutMs + 5_000;
  }

  private async lockRow(m: EntityManager): Promise<AccessTokenEntity> {
    await insertOrIgnore(m, AccessTokenEntity, { appid: this.appId, accessToken: null, expiresAt: null, updatedAt: new Date(), version: 0 });
    if (this.ds.options.type === 'better-sqlite3') {
      // Take SQLite's write lock before reading, so another process refreshing at the same time waits here.
      await m.query('UPDATE wechat_access_tokens SET version = version WHERE appid = ?', [this.appId]);
      return m.findOneOrFail(AccessTokenEntity, { where: { appid: this.appId } });
    }
    return m.createQueryBuilder(AccessTokenEntity, 't').setLock('pessimistic_write').where('t.appid = :appid', { appid: this.appId }).getOneOrFail();
  }

  private fetchStableToken(forceRefresh: boolean) {
    const { apiBase, secret } = this.config.wechat;
    return wechatFetch<{ access_token: string; expires_in: number; errcode?: number; errmsg?: string }>('stable_token', `${apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: this.appId, secret: secret ?? 'anxin-dev-secret', force_refresh: forceRefresh },
      timeoutMs: this.config.wechat.timeoutMs,
    });
  }

  /**
   * One stable_token call whatever the database holds: only a call proves WECHAT_APPID and WECHAT_SECRET are
   * right (a token cached by an earlier run says nothing about today's secret). Without force_refresh WeChat
   * answers its current token, so tokens other instances hold stay valid. The token is kept like a refresh.
   * Throws the WechatApiError (see wechat/startup-check.ts for what start-up does with it).
   */
  async verifyCredentials(): Promise<void> {
    const fresh = await this.fetchStableToken(false);
    const expiresAt = new Date(Date.now() + fresh.expires_in * 1000);
    await inTransaction(this.ds, async (m) => {
      const row = await this.lockRow(m);
      await m.update(AccessTokenEntity, { appid: this.appId }, { accessToken: fresh.access_token, expiresAt, updatedAt: new Date(), version: row.version + 1 });
    });
    this.remember({ accessToken: fresh.access_token, expiresAt });
  }

  /** Forget the in-memory copy (tests; the database row stays). */
  forgetCached(): void {
    this.cached = null;
  }
}
