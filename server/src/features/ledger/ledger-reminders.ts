import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatChineseDate, ledgerRemindAt, SchoolRole, semesterAt } from '@anxin/shared';
import { Clock } from '../../platform/common/clock/clock';
import { insertOrIgnore } from '../../platform/database/insert-ignore';
import { inTransaction } from '../../platform/database/transaction';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { PeriodicJobs } from '../../platform/worker/periodic-jobs';
import { schoolCalendar } from '../calendar/district-calendar';
import { designatedContactId } from '../tenancy/designated-contact';
import { SchoolEntity } from '../tenancy/school.entity';
import { StaffRoleEntity } from '../tenancy/staff-role.entity';
import { activeDuties } from './ledger-catalogue';
import { computeLedger, loadLedgerInputs } from './ledger-compute';
import { LedgerReminderEntity } from './ledger-reminder.entity';

export const LEDGER_REMINDERS_JOB = 'ledger.reminders';
const EVERY_MS = 60 * 60_000;
export const LEDGER_REMINDER_TEMPLATE = 'ledger.due';
export const LEDGER_PAGE = 'subpackages/staff-ledger/index/index';

/**
 * The worker's `ledger.reminders` job (hourly): for every school, each duty of the current semester that is not done
 * and falls due within LEDGER_LIMITS.remindDays days (ledgerRemindAt ≤ now < dueAt) gets one reminder to the person
 * responsible: the designated contact, or the principals when the school has none. Once per school, duty and
 * semester: the `ledger_reminders` row (unique on the three) is written with the outbox messages in one transaction,
 * and a second writer's row is ignored, so two workers, or a run after a crash, never send it twice. The message goes
 * to the in-app inbox (channel inbox_only) with a link to the ledger.
 */
@Injectable()
export class LedgerReminders implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: PeriodicJobs,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register(LEDGER_REMINDERS_JOB, EVERY_MS, async () => { await this.run(); });
  }

  /** Returns how many reminders it sent (one per school and duty). */
  async run(): Promise<number> {
    const now = this.clock.now();
    const m = this.ds.manager;
    let sent = 0;
    for (const school of await m.find(SchoolEntity)) {
      const calendar = await schoolCalendar(m, school);
      const semester = semesterAt(calendar, now);
      const duties = await activeDuties(m, school.districtId);
      const inputs = await loadLedgerInputs(m, school, calendar, semester, duties, now);
      const rows = computeLedger(calendar, semester, duties, inputs, now, () => false).map((d) => d.row);
      const due = rows.filter((r) => r.status !== 'done' && r.status !== 'overdue' && ledgerRemindAt(new Date(r.dueAt)) <= now);
      if (!due.length) continue;
      const recipients = await this.responsible(school);
      if (!recipients.length) continue;
      for (const duty of due) {
        const id = randomUUID();
        const wrote = await inTransaction(this.ds, async (tx) => {
          await insertOrIgnore(tx, LedgerReminderEntity, { id, schoolId: school.id, dutyKey: duty.key, semesterKey: semester.key, sentAt: now });
          const held = await tx.findOne(LedgerReminderEntity, { where: { schoolId: school.id, dutyKey: duty.key, semesterKey: semester.key }, select: { id: true } });
          if (held?.id !== id) return false;
          await this.outbox.enqueueMany(tx, recipients.map((userId) => ({
            dedupeKey: `ledger:${school.id}:${duty.key}:${semester.key}:${userId}`, channel: 'inbox_only' as const, schoolId: school.id,
            recipientUserId: userId, template: LEDGER_REMINDER_TEMPLATE, title: `防欺凌工作待完成：${duty.name}`,
            body: `${school.name}${semester.label}的「${duty.name}」须在${formatChineseDate(`${duty.dueOn}T12:00:00+08:00`)}前完成（已完成 ${duty.covered}/${duty.required}）`,
            page: `${LEDGER_PAGE}?schoolId=${school.id}`,
          })));
          return true;
        });
        if (wrote) sent++;
      }
    }
    return sent;
  }

  /** The designated contact, else the school's principals. */
  private async responsible(school: SchoolEntity): Promise<string[]> {
    const contact = await designatedContactId(this.ds.manager, school);
    if (contact) return [contact];
    const principals = await this.ds.manager.find(StaffRoleEntity, { where: { schoolId: school.id, role: SchoolRole.PRINCIPAL }, select: { userId: true } });
    return [...new Set(principals.map((p) => p.userId))];
  }
}
