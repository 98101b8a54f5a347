import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { qrPngDataUrl } from '../../platform/images/qr-image';
import { inviteQrText, normalizeCode, ONBOARDING_INVITE_TTL_HOURS, type OnboardingInviteKind, type OnboardingInviteResponse } from '@anxin/shared';
import type { AuditRecord } from '../../platform/audit/audit.service';
import { isoRequired } from '../../platform/database/dates';
import { randomCode, STAFF_INVITE_CODE_LENGTH } from '../tenancy/codes';
import { districtAuditRecord } from '../tenancy/district-audit';
import { OnboardingInviteEntity } from './onboarding-invite.entity';

export const ONBOARDING_INVITE_TTL_MS = ONBOARDING_INVITE_TTL_HOURS * 3600_000;

/** Codes grant rights: 12 characters of the unambiguous alphabet (31^12 ≈ 7.9e17), single use, 72 hours. */
export const ONBOARDING_CODE_LENGTH = STAFF_INVITE_CODE_LENGTH;

/** Only this is stored. Another prefix than staff invites', so one code can never match both tables. */
export function hashOnboardingCode(code: string): string {
  return createHash('sha256').update(`onboarding-invite:${normalizeCode(code)}`).digest('hex');
}

/** Appends an audit entry in the caller's transaction: AuditService.append, or appendAuditEntry with a clock. */
export type AppendAudit = (m: EntityManager, record: AuditRecord) => Promise<unknown>;

export interface IssueInvite {
  kind: OnboardingInviteKind;
  districtId: string;
  /** school_admin: the school. */
  schoolId: string | null;
  /** The officer making it; null for the operator's command line. */
  createdBy: string | null;
  /** The audit entry's actor role: 'district_officer', or 'operator' for the command line. */
  actorRole: string;
  now: Date;
  /** Added to the audit entries (the command line names the operating-system account that ran it). */
  details?: Record<string, unknown>;
}

/**
 * Makes an invite in the caller's transaction and records it: an officer invite in the district's chain, a
 * school's first-administrator invite in the school's chain and the district's (school first, the order every
 * transaction that extends both takes). The code is returned once and never stored.
 */
export async function issueOnboardingInvite(m: EntityManager, append: AppendAudit, issue: IssueInvite): Promise<{ invite: OnboardingInviteEntity; code: string }> {
  const code = randomCode(ONBOARDING_CODE_LENGTH);
  const invite = await m.save(m.create(OnboardingInviteEntity, {
    codeHash: hashOnboardingCode(code), kind: issue.kind, districtId: issue.districtId, schoolId: issue.schoolId, createdBy: issue.createdBy,
    createdAt: issue.now, expiresAt: new Date(issue.now.getTime() + ONBOARDING_INVITE_TTL_MS), redeemedBy: null, redeemedAt: null,
  }));
  const entry: Omit<AuditRecord, 'schoolId'> = {
    actorUserId: issue.createdBy, actorRole: issue.actorRole, action: 'onboarding_invite.created', targetType: 'onboarding_invite', targetId: invite.id,
    details: { kind: issue.kind, schoolId: issue.schoolId, expiresAt: isoRequired(invite.expiresAt), ...(issue.details ?? {}) },
  };
  if (issue.schoolId) await append(m, { schoolId: issue.schoolId, ...entry });
  await append(m, districtAuditRecord(issue.districtId, entry));
  return { invite, code };
}

export async function mapOnboardingInvite(invite: OnboardingInviteEntity, code: string): Promise<OnboardingInviteResponse> {
  const qrPayload = inviteQrText(code);
  return {
    id: invite.id, kind: invite.kind, districtId: invite.districtId, schoolId: invite.schoolId, code, qrPayload,
    qrDataUrl: await qrPngDataUrl(qrPayload),
    expiresAt: isoRequired(invite.expiresAt), createdAt: isoRequired(invite.createdAt),
  };
}
