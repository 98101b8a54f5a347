import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ErrorCode, Permission, TEST_TIP_DESCRIPTION, type SendTestTipResponse } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { isoRequired } from '../../platform/database/dates';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import { SchoolEntity } from '../tenancy/school.entity';
import { hashReceipt, newReceipt } from './receipt';
import { TipEntity } from './tip.entity';
import { ackDueAt, tipPolicy } from './tip-policy';
import { TipRoutingService } from './tip-routing.service';

/**
 * 测试举报: the school's admin or principal sends the tip box a test tip from the set-up checklist, to see it reach the
 * designated contact and be acknowledged. It takes the real path (TipRoutingService.routeNewTip: the message to the
 * contact through the outbox, saying 测试; the principal's deadline), is marked `is_test`, and holds no reporter:
 * its only text is TEST_TIP_DESCRIPTION, and the receipt made for it (the column needs one) is thrown away at once,
 * so nobody can follow it up. One at a time: a new one is refused while the last one waits for its acknowledgement.
 */
@Injectable()
export class TestTipsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly crypto: CryptoService,
    private readonly routing: TipRoutingService,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async send(auth: AuthContext, schoolId: string): Promise<SendTestTipResponse> {
    const found = await this.access.requireSchool(auth, schoolId, Permission.SCHOOL_MANAGE);
    const role = this.access.rolesAtSchool(auth, found).find((r) => r.schoolId === found.id && (r.role === 'admin' || r.role === 'principal'))?.role;
    if (!role) throw AppException.forbidden('只有学校管理员和校长可以发送测试举报');
    // Never kept: a test tip has no reporter to come back with it.
    const receipt = newReceipt();
    const receiptHash = await hashReceipt(receipt);
    return inTransaction(this.ds, async (m) => {
      // The school's row, locked on MariaDB, so two sends at once cannot both find no open test tip.
      const sqlite = this.ds.options.type === 'better-sqlite3';
      const school = await m.findOneOrFail(SchoolEntity, { where: { id: found.id }, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
      if (await m.exists(TipEntity, { where: { schoolId: school.id, isTest: true, status: 'new' } })) {
        throw AppException.conflict(ErrorCode.TEST_TIP_OPEN, '上一条测试举报还没有被负责人受理，请等负责人受理后再发');
      }
      const key = await this.crypto.schoolKey(m, school.id);
      const now = this.clock.now();
      const id = randomUUID();
      const tip = m.create(TipEntity, {
        id, schoolId: school.id, status: 'new', category: 'other', source: 'anonymous', reporterRole: 'witness', place: null,
        inDanger: false, ongoing: false, contentFlag: false, contentCheck: 'pass',
        descriptionEnc: this.crypto.encryptText(await this.crypto.tipKey(m, school.id, id, true), TEST_TIP_DESCRIPTION, `tip:${id}:description`),
        whenEnc: null, placeDetailEnc: null, peopleEnc: null, namedEnc: null, measuresEnc: null, outcomeEnc: null, reporterOutcomeEnc: null,
        filedByUserId: null, receiptIndex: this.crypto.schoolHmac(key, 'receipt-index', receipt), receiptHash,
        severity: null, labels: [], assigneeUserId: null, escalationLevel: 'none', escalatedPrincipalAt: null, escalatedDistrictAt: null,
        submittedAt: now, ackDueAt: ackDueAt(now, false, tipPolicy(school.settings)), acknowledgedAt: null, acknowledgedBy: null,
        investigationDueAt: null, overdueAt: null, decision: null, decidedAt: null, closedAt: null, reopenedAt: null, reopenCount: 0,
        isTest: true, version: 1,
      });
      await m.insert(TipEntity, tip);
      await this.routing.routeNewTip(m, school, tip);
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.test_sent', targetType: 'tip', targetId: id,
        details: { ackDueAt: isoRequired(tip.ackDueAt) },
      });
      return { tipId: id, submittedAt: isoRequired(now), ackDueAt: isoRequired(tip.ackDueAt) };
    });
  }
}
