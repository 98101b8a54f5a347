import {
  formatDate, isCalendarDay, LEDGER_LIMITS, Permission, ROLE_PERMISSIONS, type CreateLedgerActivityRequest, type LedgerAudience,
  type LedgerDutyRow, type LedgerResponse, type MeResponse, type UpdateLedgerActivityRequest,
} from '@anxin/shared';

/** The school whose ledger the caller reads: the one named (a reminder's link), else their first with ledger.read. */
export function ledgerSchool(me: MeResponse, schoolId?: string): { id: string; name: string } | null {
  const r = me.roles.find((x) => x.schoolId && (!schoolId || x.schoolId === schoolId) && ROLE_PERMISSIONS[x.role]?.includes(Permission.LEDGER_READ));
  return r?.schoolId ? { id: r.schoolId, name: r.schoolName ?? '' } : null;
}

/** The duties the caller may record: all of them, or (a teacher) the class duties and the training. */
export function recordableDuties(l: Pick<LedgerResponse, 'duties' | 'recordsAll' | 'classes' | 'teachers'>): LedgerDutyRow[] {
  return l.duties.filter((d) => l.recordsAll
    || (d.frequency === 'class_semester' && l.classes.length > 0)
    || (d.frequency === 'teacher_3y' && l.teachers.length > 0));
}

/** The form as typed (every field a string or a choice). */
export interface LedgerFormDraft {
  duty: LedgerDutyRow | null;
  heldOn: string;
  leader: string;
  audience: LedgerAudience;
  classIds: string[];
  teacherUserId: string;
  attendance: string;
  description: string;
}

/** The audience a duty's record is for, by its frequency. */
export function audienceFor(duty: Pick<LedgerDutyRow, 'frequency'> | null): LedgerAudience {
  if (!duty) return 'school';
  if (duty.frequency === 'class_semester') return 'classes';
  if (duty.frequency === 'teacher_3y') return 'staff';
  return 'school';
}

/** An edit of a record: its day, leader, attendance and description, or what is wrong in Chinese. */
export function ledgerEditRequest(d: LedgerFormDraft, now: Date): Required<UpdateLedgerActivityRequest> | string {
  const heldOn = d.heldOn.trim();
  if (!isCalendarDay(heldOn)) return '日期格式应为 2026-11-20';
  if (heldOn > formatDate(now)) return '不能记录今天以后的日期';
  const leader = d.leader.trim();
  if (!leader) return '请填写负责人或主讲人';
  if ([...leader].length > LEDGER_LIMITS.leaderMax) return `负责人或主讲人最多 ${LEDGER_LIMITS.leaderMax} 个字`;
  const attendance = Number(d.attendance.trim());
  if (!/^\d+$/.test(d.attendance.trim()) || attendance > LEDGER_LIMITS.attendanceMax) return '参加人数应为整数';
  const description = d.description.trim();
  if (!description) return '请填写简要说明';
  if ([...description].length > LEDGER_LIMITS.descriptionMax) return `简要说明最多 ${LEDGER_LIMITS.descriptionMax} 个字`;
  return { heldOn, leader, attendance, description };
}

/** The request, or what is wrong in Chinese. `now` decides "not after today". */
export function ledgerRequest(d: LedgerFormDraft, now: Date): CreateLedgerActivityRequest | string {
  if (!d.duty) return '请选择工作项目';
  const fields = ledgerEditRequest(d, now);
  if (typeof fields === 'string') return fields;
  const { heldOn, leader, attendance, description } = fields;
  const audience = audienceFor(d.duty) === 'classes' ? 'classes' : d.audience;
  if (audience === 'classes' && !d.classIds.length) return '请至少选择一个班级';
  if (d.duty.frequency === 'teacher_3y' && !d.teacherUserId) return '请选择参加培训的教师';
  return {
    dutyKey: d.duty.key, heldOn, leader, audience, attendance, description,
    ...(audience === 'classes' ? { classIds: d.classIds } : {}),
    ...(d.duty.frequency === 'teacher_3y' ? { teacherUserId: d.teacherUserId } : {}),
  };
}
