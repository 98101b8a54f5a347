import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CHILD_DATA_CONSENT_VERSION, ERASED_GUARDIAN_NAME, ErrorCode, type CorrectBindingRequest, type DeleteAccountResponse, type GiveConsentAgainRequest,
  type MeStudent, type UpdateProfileRequest,
} from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import { AuditSeals } from '../../platform/audit/seal/audit-seals';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { inTransaction } from '../../platform/database/transaction';
import { InboxItemEntity } from '../../platform/inbox/inbox-item.entity';
import { OutboxEntity } from '../../platform/outbox/outbox.entity';
import { SubscriptionCreditEntity } from '../../platform/subscriptions/subscription-credit.entity';
import { BindingNotices } from '../bindings/binding-notices';
import { BindingEntity } from '../bindings/binding.entity';
import { QrLoginEntity } from '../browser-login/qr-login.entity';
import { ConsentEntity } from '../identity/consent.entity';
import { MeService } from '../identity/me.service';
import { SecurityEventEntity } from '../identity/security-event.entity';
import { SessionEntity } from '../identity/session.entity';
import { UserEntity } from '../identity/user.entity';
import { RECEIPT_SEAL_KIND, receiptLeaves } from '../notices/notice-receipt-seal';
import { NoticeReceiptEntity } from '../notices/notice-receipt.entity';
import { PLEDGE_SIGNATURE_SEAL_KIND, signatureLeaves } from '../pledges/pledge-signature-seal';
import { PledgeSignatureEntity } from '../pledges/pledge-signature.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';

/**
 * A guardian's rights over their data (PIPL art. 46–47): correcting their name and relation, withdrawing and giving
 * again consent for a child's data, deleting the account. Each answered at once, in one transaction with its audit
 * entry and the messages it causes.
 */
@Injectable()
export class GuardianRightsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly seals: AuditSeals,
    private readonly clock: Clock,
    private readonly notices: BindingNotices,
    private readonly me: MeService,
  ) {}

  async updateProfile(auth: AuthContext, dto: UpdateProfileRequest): Promise<{ displayName: string }> {
    const displayName = dto.displayName.trim();
    if (!displayName) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '请填写称呼', [{ field: 'displayName', problems: ['必填'] }]);
    await inTransaction(this.ds, (m) => m.update(UserEntity, { id: auth.userId }, { displayName }));
    return { displayName };
  }

  /** Correcting the relation to a child. Records made before (signatures, receipts) keep the relation they were made with. */
  async correctRelation(auth: AuthContext, bindingId: string, dto: CorrectBindingRequest): Promise<MeStudent> {
    await inTransaction(this.ds, async (m) => {
      const binding = await this.own(m, auth, bindingId);
      if (binding.relation === dto.relation) return;
      await m.update(BindingEntity, { id: binding.id }, { relation: dto.relation });
      await this.audit.append(m, {
        schoolId: binding.schoolId, actorUserId: auth.userId, actorRole: 'guardian', action: 'binding.relation_corrected',
        targetType: 'binding', targetId: binding.id, details: { studentId: binding.studentId, from: binding.relation, to: dto.relation },
      });
    });
    return this.student(auth, bindingId);
  }

  /**
   * Withdrawing consent for a child's data: the binding (approved or still pending) becomes `suspended`, which nothing
   * that sends or collects counts as bound; the class teacher is told in the same transaction.
   */
  async withdrawConsent(auth: AuthContext, bindingId: string): Promise<MeStudent> {
    await inTransaction(this.ds, async (m) => {
      const binding = await this.own(m, auth, bindingId);
      if (binding.status !== 'approved' && binding.status !== 'pending') {
        throw AppException.conflict(ErrorCode.BINDING_STATE_INVALID, binding.status === 'suspended' ? '您已撤回过对这名孩子的同意' : '这条绑定申请未通过，无需撤回');
      }
      const now = this.clock.now();
      const done = await m.update(BindingEntity, { id: binding.id, status: binding.status }, { status: 'suspended' });
      if (done.affected !== 1) throw AppException.conflict(ErrorCode.BINDING_STATE_INVALID, '绑定状态刚刚发生了变化，请刷新后重试');
      await this.audit.append(m, {
        schoolId: binding.schoolId, actorUserId: auth.userId, actorRole: 'guardian', action: 'binding.consent_withdrawn',
        targetType: 'binding', targetId: binding.id, details: { studentId: binding.studentId, classId: binding.classId, was: binding.status },
      });
      await this.notices.consentWithdrawn(m, binding, now);
    });
    return this.student(auth, bindingId);
  }

  /**
   * Consenting again after a withdrawal: the binding returns to `pending` and the class teacher approves it again, as
   * for a new request (no approval by the roster phone: the guardian gives none here). The consent is recorded.
   */
  async consentAgain(auth: AuthContext, bindingId: string, dto: GiveConsentAgainRequest): Promise<MeStudent> {
    if (dto.consentVersion !== CHILD_DATA_CONSENT_VERSION) {
      throw AppException.unprocessable(ErrorCode.CONSENT_REQUIRED, '请阅读并同意最新的《儿童个人信息处理同意书》');
    }
    await inTransaction(this.ds, async (m) => {
      const binding = await this.own(m, auth, bindingId);
      if (binding.status !== 'suspended') throw AppException.conflict(ErrorCode.BINDING_STATE_INVALID, '只有撤回过同意的绑定才需要重新同意');
      const now = this.clock.now();
      const fields = { status: 'pending' as const, decidedBy: null, decidedAt: null, rejectReason: null, autoApproved: false, createdAt: now };
      const done = await m.update(BindingEntity, { id: binding.id, status: 'suspended' }, fields);
      if (done.affected !== 1) throw AppException.conflict(ErrorCode.BINDING_STATE_INVALID, '绑定状态刚刚发生了变化，请刷新后重试');
      await m.save(m.create(ConsentEntity, { userId: auth.userId, kind: 'child_data', version: dto.consentVersion, studentId: binding.studentId, createdAt: now }));
      await this.audit.append(m, {
        schoolId: binding.schoolId, actorUserId: auth.userId, actorRole: 'guardian', action: 'binding.consent_given',
        targetType: 'binding', targetId: binding.id, details: { studentId: binding.studentId, consentVersion: dto.consentVersion },
      });
      await this.notices.requested(m, { ...binding, ...fields } as BindingEntity);
    });
    return this.student(auth, bindingId);
  }

  /**
   * Deleting the account (PIPL art. 47). Deleted: the profile, bindings, consents, inbox, sessions, subscribe-message
   * credits, the security log's rows, browser sign-in codes, and messages not yet sent. Kept as the school's record,
   * under a placeholder account named 已注销的家长 (no openid, a fresh random id): signed pledges and notice receipts
   * (their seals re-computed in the same transaction, so proofs stay valid) and sent messages' delivery rows. See
   * PERSONAL_DATA_COVERAGE for every table.
   */
  async deleteAccount(auth: AuthContext): Promise<DeleteAccountResponse> {
    return inTransaction(this.ds, async (m) => {
      if (await m.exists(StaffRoleEntity, { where: { userId: auth.userId } })) {
        throw AppException.conflict(ErrorCode.ACCOUNT_HAS_STAFF_ROLES, '您在学校担任教职工角色，请先请学校管理员撤销角色，再注销账号');
      }
      const user = await m.findOne(UserEntity, { where: { id: auth.userId } });
      if (!user) throw AppException.notFound('账号');
      const now = this.clock.now();
      const bindings = await m.find(BindingEntity, { where: { guardianUserId: user.id } });
      const receipts = await m.find(NoticeReceiptEntity, { where: { guardianUserId: user.id }, select: { id: true, schoolId: true, messageKey: true } });
      const signatures = await m.find(PledgeSignatureEntity, { where: { guardianUserId: user.id }, select: { id: true, schoolId: true, slot: true } });
      await m.delete(OutboxEntity, { recipientUserId: user.id, status: 'pending' });
      const sent = await m.find(OutboxEntity, { where: { recipientUserId: user.id }, select: { id: true, dedupeKey: true } });
      const schools = [...new Set([...bindings, ...receipts, ...signatures].map((r) => r.schoolId))].sort();

      let placeholder: string | null = null;
      if (schools.length || sent.length) {
        placeholder = (await m.save(m.create(UserEntity, {
          openid: `erased:${randomUUID()}`, unionid: null, displayName: ERASED_GUARDIAN_NAME, wxSessionKey: null, isDemo: false, disabled: true, createdAt: now,
        }))).id;
      }
      const swap = (s: string) => s.split(user.id).join(placeholder!);
      for (const r of receipts) await m.update(NoticeReceiptEntity, { id: r.id }, { guardianUserId: placeholder!, messageKey: swap(r.messageKey) });
      for (const s of signatures) await m.update(PledgeSignatureEntity, { id: s.id }, { guardianUserId: placeholder!, slot: s.slot === user.id ? placeholder! : s.slot });
      for (const o of sent) await m.update(OutboxEntity, { id: o.id }, { recipientUserId: placeholder!, dedupeKey: swap(o.dedupeKey) });
      await this.reseal(m, receipts, signatures);

      await m.delete(InboxItemEntity, { userId: user.id });
      await m.delete(SessionEntity, { userId: user.id });
      await m.delete(ConsentEntity, { userId: user.id });
      await m.delete(BindingEntity, { guardianUserId: user.id });
      await m.delete(SubscriptionCreditEntity, { userId: user.id });
      await m.delete(SecurityEventEntity, { userId: user.id });
      await m.delete(QrLoginEntity, { userId: user.id });
      await m.delete(UserEntity, { id: user.id });
      for (const schoolId of schools) {
        await this.audit.append(m, {
          schoolId, actorUserId: placeholder, actorRole: 'guardian', action: 'account.deleted', targetType: 'user', targetId: placeholder,
          details: {
            bindingsDeleted: bindings.filter((b) => b.schoolId === schoolId).length,
            noticeReceiptsKept: receipts.filter((r) => r.schoolId === schoolId).length,
            pledgeSignaturesKept: signatures.filter((s) => s.schoolId === schoolId).length,
          },
        });
      }
      return { deleted: true as const, retained: { pledgeSignatures: signatures.length, noticeReceipts: receipts.length } };
    });
  }

  /** The sealed leaves of the records just re-pointed, as the rows are now (a proof keeps verifying the current row). */
  private async reseal(m: EntityManager, receipts: { id: string; schoolId: string }[], signatures: { id: string; schoolId: string }[]): Promise<void> {
    const receiptLeafs = await receiptLeaves(m, receipts.map((r) => r.id));
    const signatureLeafs = await signatureLeaves(m, signatures.map((s) => s.id));
    await this.seals.addMany(m, [
      ...receipts.map((r) => ({ schoolId: r.schoolId, kind: RECEIPT_SEAL_KIND, recordId: r.id, leafHash: receiptLeafs.get(r.id)!.hash })),
      ...signatures.map((s) => ({ schoolId: s.schoolId, kind: PLEDGE_SIGNATURE_SEAL_KIND, recordId: s.id, leafHash: signatureLeafs.get(s.id)! })),
    ]);
  }

  /** The caller's own binding; anyone else's (or none) is 404, whatever school it is in. */
  private async own(m: EntityManager, auth: AuthContext, bindingId: string): Promise<BindingEntity> {
    const binding = await m.findOne(BindingEntity, { where: { id: bindingId, guardianUserId: auth.userId } });
    if (!binding) throw AppException.notFound('绑定');
    return binding;
  }

  private async student(auth: AuthContext, bindingId: string): Promise<MeStudent> {
    return (await this.me.me(auth)).students.find((s) => s.bindingId === bindingId)!;
  }
}
