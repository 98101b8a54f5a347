import { describe, expect, it } from '@jest/globals';
import type { LedgerDutyRow, LedgerResponse, MeResponse } from '@anxin/shared';
import { ledgerRequest, ledgerSchool, recordableDuties, type LedgerFormDraft } from './ledger-form';

const duty = (key: string, frequency: LedgerDutyRow['frequency']) => ({ key, name: key, frequency } as LedgerDutyRow);
const now = new Date('2026-11-20T04:00:00Z'); // 12:00 in Shanghai
const base: LedgerFormDraft = {
  duty: duty('class_meeting', 'class_semester'), heldOn: '2026-11-20', leader: '陈老师', audience: 'classes', classIds: ['c1'], teacherUserId: '',
  attendance: '40', description: '主题班会',
};

describe('ledger form', () => {
  it('builds a class meeting request', () => {
    expect(ledgerRequest(base, now)).toEqual({ dutyKey: 'class_meeting', heldOn: '2026-11-20', leader: '陈老师', audience: 'classes', classIds: ['c1'], attendance: 40, description: '主题班会' });
  });

  it('refuses a day after today (Shanghai), no class, a non-number of people', () => {
    expect(ledgerRequest({ ...base, heldOn: '2026-11-21' }, now)).toBe('不能记录今天以后的日期');
    expect(ledgerRequest({ ...base, classIds: [] }, now)).toBe('请至少选择一个班级');
    expect(ledgerRequest({ ...base, attendance: '四十' }, now)).toBe('参加人数应为整数');
  });

  it('a training names its teacher', () => {
    const training = { ...base, duty: duty('staff_training', 'teacher_3y'), audience: 'staff' as const, classIds: [] };
    expect(ledgerRequest(training, now)).toBe('请选择参加培训的教师');
    expect(ledgerRequest({ ...training, teacherUserId: 'u1' }, now)).toMatchObject({ audience: 'staff', teacherUserId: 'u1' });
  });

  it('a teacher may record class duties and their training only', () => {
    const l = { duties: [duty('legal_lecture', 'semester'), duty('class_meeting', 'class_semester'), duty('staff_training', 'teacher_3y')], recordsAll: false, classes: [{ id: 'c1', name: '1班' }], teachers: [] } as unknown as LedgerResponse;
    expect(recordableDuties(l).map((d) => d.key)).toEqual(['class_meeting']);
    expect(recordableDuties({ ...l, recordsAll: true }).map((d) => d.key)).toEqual(['legal_lecture', 'class_meeting', 'staff_training']);
  });

  it("picks the school named in a reminder's link", () => {
    const me = { roles: [{ role: 'teacher', schoolId: 's1', schoolName: '一小' }, { role: 'principal', schoolId: 's2', schoolName: '二小' }] } as unknown as MeResponse;
    expect(ledgerSchool(me)?.id).toBe('s1');
    expect(ledgerSchool(me, 's2')?.name).toBe('二小');
    expect(ledgerSchool(me, 'other')).toBeNull();
  });
});
