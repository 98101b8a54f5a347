import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { LedgerDutyRow, LedgerResponse, MeResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

jest.mock('@tarojs/components', () => require('../../pledges/pledges-test-support').componentsWithFormFields());
const { RecordBody } = require('../record/index') as typeof import('../record/index');
const { LedgerBody } = require('./index') as typeof import('./index');

const ME = { roles: [{ role: 'teacher', schoolId: 's1', schoolName: '阳光实验小学', districtId: null, districtName: null }] } as unknown as MeResponse;
const row = (over: Partial<LedgerDutyRow>): LedgerDutyRow => ({
  key: 'class_meeting', name: '防欺凌主题班会', frequency: 'class_semester', appliesTo: '每个班级', evidenceText: '班会照片', source: null, status: 'partly',
  required: 3, covered: 2, dueAt: '2027-01-31T16:00:00.000Z', dueOn: '2027-01-31', missing: ['三年级1班'], evidence: [], ...over,
});
const LEDGER = (duties: LedgerDutyRow[]): LedgerResponse => ({
  schoolId: 's1', schoolName: '阳光实验小学', semester: '2026-1', semesterLabel: '2026-2027学年 第一学期',
  semesters: [{ key: '2026-1', label: '2026-2027学年 第一学期' }, { key: '2025-2', label: '2025-2026学年 第二学期' }],
  counts: { done: 1, partly: 1, due: 0, overdue: 0 }, duties, classes: [{ id: 'c1', name: '三年级1班' }], teachers: [], recordsAll: false, canExport: false,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('防治欺凌工作台账 (a class teacher)', () => {
  it('shows each duty with its status and what is missing; records only the duties the teacher may', async () => {
    fakeApi({
      'GET /schools/s1/ledger': () => ({
        status: 200,
        body: LEDGER([row({}), row({
          key: 'letter_home', name: '致家长的一封信', frequency: 'semester', status: 'done', required: 1, covered: 1, missing: [], source: 'letter',
          evidence: [{
            activityId: null, source: 'letter', heldOn: '2026-09-03', title: '致家长的一封信', description: '发布致家长的一封信', leader: '', audience: 'school',
            attendance: null, classNames: [], teacherName: null, recordedBy: null, recordedAt: '2026-09-03T01:00:00.000Z', updatedAt: null, files: [],
            link: '/subpackages/staff-notices/stats/index?id=n1', editable: false,
          }],
        })]),
      }),
    });
    render(<LedgerBody me={ME} />);
    expect(await screen.findByText('尚未完成：三年级1班')).toBeTruthy();
    expect(screen.getByText('部分完成 1')).toBeTruthy();
    // a done duty starts folded; opening it shows the automatic evidence with its link
    fireEvent.click(screen.getByText('致家长的一封信'));
    fireEvent.click(await screen.findByText('查看原记录 ›'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-notices/stats/index?id=n1' });
    expect(screen.getAllByText('记录这项工作')).toHaveLength(1);
    fireEvent.click(screen.getByText('记录这项工作'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff-ledger/record/index?schoolId=s1&duty=class_meeting' });
  });

  it('records a class meeting of the teacher\'s class', async () => {
    let sent: unknown = null;
    fakeApi({
      'GET /schools/s1/ledger': () => ({ status: 200, body: LEDGER([row({})]) }),
      'POST /schools/s1/ledger/activities': (req) => {
        sent = req.body;
        return { status: 201, body: { id: 'a1', schoolId: 's1', dutyKey: 'class_meeting', heldOn: '2026-11-20', leader: '陈老师', audience: 'classes', classIds: ['c1'], teacherUserId: null, attendance: 40, description: '主题班会', files: [], createdAt: '2026-11-20T04:00:00.000Z', updatedAt: null } };
      },
    });
    render(<RecordBody me={ME} schoolId='s1' dutyKey='class_meeting' now={new Date('2026-11-20T04:00:00Z')} />);
    expect(await screen.findByText('记录防欺凌工作')).toBeTruthy();
    fireEvent.change(document.querySelector('.ledger-leader')!, { target: { value: '陈老师' } });
    fireEvent.change(document.querySelector('.ledger-attendance')!, { target: { value: '40' } });
    fireEvent.change(document.querySelector('.ledger-description')!, { target: { value: '主题班会' } });
    fireEvent.click(screen.getByText('保存记录'));
    expect(await screen.findByText('已记录')).toBeTruthy();
    expect(sent).toEqual(expect.objectContaining({ dutyKey: 'class_meeting', classIds: ['c1'], attendance: 40, leader: '陈老师' }));
  });

  it('edits a record the teacher may change: its day, leader, attendance and description only', async () => {
    let sent: unknown = null;
    const evidence = {
      activityId: 'a1', source: null, heldOn: '2026-11-18', title: '防欺凌主题班会', description: '主题班会', leader: '陈老师', audience: 'classes' as const,
      attendance: 40, classNames: ['三年级1班'], teacherName: null, recordedBy: '陈老师', recordedAt: '2026-11-18T10:00:00.000Z', updatedAt: null,
      files: [{ id: 'f1', kind: 'photo' as const, name: '照片1.jpg', bytes: 1000 }], link: null, editable: true,
    };
    fakeApi({
      'GET /schools/s1/ledger': () => ({ status: 200, body: LEDGER([row({ evidence: [evidence] })]) }),
      'PATCH /ledger/activities/a1': (req) => {
        sent = req.body;
        return { status: 200, body: { id: 'a1', schoolId: 's1', dutyKey: 'class_meeting', heldOn: '2026-11-18', leader: '陈老师', audience: 'classes', classIds: ['c1'], teacherUserId: null, attendance: 41, description: '主题班会', files: evidence.files, createdAt: '2026-11-18T10:00:00.000Z', updatedAt: '2026-11-20T04:00:00.000Z' } };
      },
    });
    render(<RecordBody me={ME} schoolId='s1' activityId='a1' now={new Date('2026-11-20T04:00:00Z')} />);
    expect(await screen.findByText('修改记录：防欺凌主题班会')).toBeTruthy();
    expect(screen.queryByText('工作项目')).toBeNull();
    fireEvent.change(document.querySelector('.ledger-attendance')!, { target: { value: '41' } });
    fireEvent.click(screen.getByText('保存修改'));
    expect(await screen.findByText('已保存修改')).toBeTruthy();
    expect(screen.getByText('照片：照片1.jpg')).toBeTruthy();
    expect(sent).toEqual({ heldOn: '2026-11-18', leader: '陈老师', attendance: 41, description: '主题班会' });
  });
});
