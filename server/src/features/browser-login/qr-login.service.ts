import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { ErrorCode, QR_LOGIN, type QrLoginScanResponse, type QrLoginTicketResponse } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { AppConfig } from '../../platform/config/app-config';
import { hmacHex, subkey } from '../../platform/crypto/aes-gcm';
import { inTransaction } from '../../platform/database/transaction';
import { SecurityLogService } from '../identity/security-log.service';
import { AttemptLimiter } from '../tenancy/attempt-limiter';
import { coarseLocation, summarizeUserAgent } from './client-summary';
import { QrLoginCodeService } from './qr-login-code';
import { QrLoginEntity, type QrLoginState } from './qr-login.entity';
import { hashQrToken, newPollToken, newScene } from './qr-login-tokens';

/** Codes one client address may ask for in the attempt limiter's ten-minute window (a page renews one every 2 minutes). */
export const QR_CODES_PER_WINDOW = 60;

/** Who is asking for a code, as the request shows it. */
export interface BrowserClient {
  address: string;
  userAgent: string | string[] | undefined;
  /** The h5 app's origin as the browser reached the server (the plain QR fallback links there). */
  h5Origin: string;
}

/** The states in which a code may still be scanned, confirmed or cancelled. */
const OPEN: QrLoginState[] = ['pending', 'scanned'];

/**
 * The phone's and the browser's steps that change a code: making one (`POST /auth/qr`), scanning it, confirming and
 * cancelling. Every state lives in `qr_logins`, and every change is a guarded UPDATE on the state just read, so
 * several servers on one database agree on who scanned and confirmed a code. Only staff sign a browser in.
 * The browser's side (reading the state, collecting the session) is QrLoginStatusService.
 */
@Injectable()
export class QrLoginService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly limiter: AttemptLimiter,
    private readonly codes: QrLoginCodeService,
    private readonly securityLog: SecurityLogService,
  ) {}

  /** A new code for a browser: limited per client address (counted in the database, for all servers together). */
  async create(client: BrowserClient): Promise<QrLoginTicketResponse> {
    const key = `qr-login:${hmacHex(subkey(this.config.masterKey, 'qr-login-rate'), client.address)}`;
    await this.limiter.check(key, QR_CODES_PER_WINDOW);
    await this.limiter.fail(key); // every code made counts
    const issued = await this.issue(client);
    const picture = await this.codes.imageFor(issued.scene, client.h5Origin); // outside the transaction: may call WeChat
    return { ticket: issued.ticket, pollToken: issued.pollToken, expiresAt: issued.expiresAt.toISOString(), ...picture };
  }

  /** Stores a new code and returns its secrets (the scene goes into the picture, the poll token to the browser). */
  async issue(client: Pick<BrowserClient, 'address' | 'userAgent'>): Promise<{ ticket: string; scene: string; pollToken: string; expiresAt: Date }> {
    const scene = newScene();
    const pollToken = newPollToken();
    const expiresAt = new Date(this.clock.now().getTime() + QR_LOGIN.ttlSeconds * 1000);
    const row = await inTransaction(this.ds, (m) => m.save(m.create(QrLoginEntity, {
      sceneHash: hashQrToken(scene), pollHash: hashQrToken(pollToken), status: 'pending', refusal: null, userId: null,
      browser: summarizeUserAgent(client.userAgent), location: coarseLocation(client.address), expiresAt,
    })));
    return { ticket: row.id, scene, pollToken, expiresAt };
  }

  /** The phone opened the code: the browser now shows 已扫码. A second phone cannot take over a scanned code. */
  async scan(auth: AuthContext, scene: string): Promise<QrLoginScanResponse> {
    this.assertPhone(auth);
    const row = await this.find(this.ds.manager, scene);
    if (!isStaff(auth)) await this.refuseNotStaff(auth, row);
    return inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const current = await this.find(m, scene);
      if (current.expiresAt <= now) throw this.gone(current, now);
      const scannedByCaller = current.status === 'scanned' && current.userId === auth.userId; // opened again
      if (!scannedByCaller) {
        if (current.status !== 'pending') throw this.gone(current, now);
        await this.change(m, current, { status: 'scanned', userId: auth.userId }, now);
      }
      return {
        browser: current.browser, location: current.location,
        requestedAt: new Date(current.expiresAt.getTime() - QR_LOGIN.ttlSeconds * 1000).toISOString(),
        expiresAt: current.expiresAt.toISOString(),
      };
    });
  }

  /** 确认登录: the browser collects a session of the caller's at its next look. */
  async confirm(auth: AuthContext, scene: string): Promise<void> {
    this.assertPhone(auth);
    const row = await this.find(this.ds.manager, scene);
    if (!isStaff(auth)) await this.refuseNotStaff(auth, row);
    await inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const current = await this.find(m, scene);
      if (current.status === 'confirmed' && current.userId === auth.userId && current.expiresAt > now) return; // tapped twice
      if (!OPEN.includes(current.status) || (current.userId !== null && current.userId !== auth.userId) || current.expiresAt <= now) {
        throw this.gone(current, now);
      }
      await this.change(m, current, { status: 'confirmed', userId: auth.userId }, now);
      await this.securityLog.record(m, auth.userId, 'qr_login.confirmed');
    });
  }

  /** 取消: the browser shows that the sign-in was refused. Also takes back a confirmation the browser has not collected. */
  async cancel(auth: AuthContext, scene: string): Promise<void> {
    this.assertPhone(auth);
    await this.find(this.ds.manager, scene);
    if (!isStaff(auth)) throw notStaff();
    await inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      const current = await this.find(m, scene);
      if (current.status === 'refused' && current.refusal === 'cancelled') return;
      const cancellable = [...OPEN, 'confirmed'].includes(current.status) && (current.userId === null || current.userId === auth.userId);
      if (!cancellable || current.expiresAt <= now) throw this.gone(current, now);
      await this.change(m, current, { status: 'refused', refusal: 'cancelled', userId: null }, now);
      await this.securityLog.record(m, auth.userId, 'qr_login.cancelled');
    });
  }

  private assertPhone(auth: AuthContext): void {
    if (auth.viaBrowser) throw AppException.forbidden('请用手机微信打开安心家校扫码确认');
  }

  private async find(m: EntityManager, scene: string): Promise<QrLoginEntity> {
    const row = await m.findOne(QrLoginEntity, { where: { sceneHash: hashQrToken(scene) } });
    if (!row) throw AppException.notFound('二维码');
    return row;
  }

  /**
   * Someone who is not staff scanned or confirmed: the browser is told it was refused (while the code was still
   * open), the attempt goes to the security log, and the caller gets 403 QR_LOGIN_NOT_STAFF.
   */
  private async refuseNotStaff(auth: AuthContext, row: QrLoginEntity): Promise<never> {
    await inTransaction(this.ds, async (m) => {
      const now = this.clock.now();
      if (OPEN.includes(row.status) && row.expiresAt > now) {
        await m.update(QrLoginEntity, { id: row.id, status: row.status, userId: row.userId ?? IsNull(), expiresAt: MoreThan(now) },
          { status: 'refused', refusal: 'not_staff', userId: null });
      }
      await this.securityLog.record(m, auth.userId, 'qr_login.refused');
    });
    throw notStaff();
  }

  /** Moves the code on from the state `from` was read in; 410 when another request changed it first. */
  private async change(m: EntityManager, from: QrLoginEntity, to: Partial<QrLoginEntity>, now: Date): Promise<void> {
    const res = await m.update(QrLoginEntity, { id: from.id, status: from.status, userId: from.userId ?? IsNull(), expiresAt: MoreThan(now) }, to);
    if (res.affected !== 1) throw new AppException(HttpStatus.GONE, ErrorCode.QR_LOGIN_EXPIRED, '二维码已失效，请在电脑上刷新二维码后重新扫码');
  }

  private gone(row: QrLoginEntity, now: Date): AppException {
    const message = row.expiresAt <= now || row.status === 'expired' ? '二维码已过期，请在电脑上刷新二维码后重新扫码'
      : ['scanned', 'confirmed'].includes(row.status) ? '这个二维码已被其他微信扫描，请在电脑上刷新二维码后重新扫码'
        : '二维码已失效，请在电脑上刷新二维码后重新扫码';
    return new AppException(HttpStatus.GONE, ErrorCode.QR_LOGIN_EXPIRED, message);
  }
}

/** Staff of a school or a district: whoever holds a staff role. Guardians and students sign in on the phone only. */
function isStaff(auth: AuthContext): boolean {
  return auth.roles.length > 0;
}

function notStaff(): AppException {
  return new AppException(HttpStatus.FORBIDDEN, ErrorCode.QR_LOGIN_NOT_STAFF, '只有学校和教育局的工作人员可以扫码登录电脑端；家长和学生请在微信小程序中使用安心家校');
}
