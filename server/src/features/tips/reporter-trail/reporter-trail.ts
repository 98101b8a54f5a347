import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { SCHOOL_ROLE_LABELS, type AuditAction, type ReporterTrailEvent, type ReporterTrailKind, type StaffRole } from '@anxin/shared';
import { AuditEntryEntity } from '../../../platform/audit/audit-entry.entity';
import { isoRequired } from '../../../platform/database/dates';
import { UserEntity } from '../../identity/user.entity';
import { designatedContactId } from '../../tenancy/designated-contact';
import type { SchoolEntity } from '../../tenancy/school.entity';
import type { TipEntity } from '../tip.entity';
import { reporterViewOf } from './reporter-view-settings';

/** The audit actions the reporter's 处理记录 is made of, and what each becomes. Nothing else of the chain is shown. */
const SHOWN: Partial<Record<AuditAction, ReporterTrailKind>> = {
  'tip.viewed': 'viewed',
  'tip.attachment_viewed': 'viewed',
  'tip.evidence_viewed': 'viewed',
  'tip.acknowledged': 'acknowledged',
  'tip.reported_onward': 'reported_onward',
  'tip.closed': 'closed',
  'tip.triaged': 'closed',
  'tip.merged': 'closed',
  'tip.reopened': 'reopened',
};

/** Someone who acknowledged by pressing 1 on the call-down's phone call but is not on the school's staff list. */
const PHONE_ACK = '紧急联系人（电话确认）';
const STAFF = '学校工作人员';

/**
 * Builds the reporter's 处理记录 from the tip's own audit entries: each person's first opening of the report (later
 * openings by the same person add nothing a reporter needs), acknowledgement, each automatic escalation, onward
 * reports, closing and reopening, in the chain's order. Roles are named from the audit entry's acting role, the
 * school's designated contact as 欺凌防治负责人 whatever other roles they hold; names only if the school chose so.
 */
@Injectable()
export class ReporterTrail {
  async of(m: EntityManager, tip: TipEntity, school: SchoolEntity): Promise<ReporterTrailEvent[]> {
    const entries = await m.find(AuditEntryEntity, {
      where: { schoolId: tip.schoolId, targetType: 'tip', targetId: tip.id },
      order: { seq: 'ASC' },
    });
    const picked: { kind: ReporterTrailKind; entry: AuditEntryEntity }[] = [];
    const opened = new Set<string>();
    for (const entry of entries) {
      const kind = entry.action === 'tip.escalated' ? escalationKind(entry) : SHOWN[entry.action as AuditAction];
      if (!kind) continue;
      if (kind === 'viewed') {
        const who = entry.actorUserId ?? `role:${entry.actorRole ?? ''}`;
        if (opened.has(who)) continue;
        opened.add(who);
      }
      picked.push({ kind, entry });
    }
    const names = reporterViewOf(school.settings).showStaffNames ? await this.names(m, picked.map((p) => p.entry.actorUserId)) : null;
    const contactId = await designatedContactId(m, school);
    return picked.map(({ kind, entry }) => ({ kind, at: isoRequired(entry.at), who: kind.startsWith('escalated_') ? null : whoDid(entry, contactId, names) }));
  }

  private async names(m: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (!unique.length) return new Map();
    const users = await m.find(UserEntity, { where: { id: In(unique) }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}

function escalationKind(entry: AuditEntryEntity): ReporterTrailKind | undefined {
  const level = (entry.details as { level?: unknown } | null)?.level;
  return level === 'principal' ? 'escalated_principal' : level === 'district' ? 'escalated_district' : undefined;
}

function whoDid(entry: AuditEntryEntity, contactId: string | null, names: Map<string, string> | null): string {
  const role = entry.actorUserId !== null && entry.actorUserId === contactId
    ? SCHOOL_ROLE_LABELS.contact
    : entry.actorRole === 'phone' ? PHONE_ACK : SCHOOL_ROLE_LABELS[entry.actorRole as StaffRole] ?? STAFF;
  const name = entry.actorUserId ? names?.get(entry.actorUserId) : undefined;
  return name ? `${name}（${role}）` : role;
}
