import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { formatDate, pledgeTextHash, schoolYearLabel } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { addDays } from '../pledge-form';

jest.mock('@tarojs/components', () => require('../../pledges/pledges-test-support').componentsWithFormFields());
const { PledgeEditBody } = require('./index') as typeof import('./index');

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const TEXT = { school: '学校承诺。', guardian: '家长承诺。', student: '学生承诺。', studentYoung: '我不打人。' };
const today = formatDate(new Date());
const t = Taro as any;

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  t.redirectTo = jest.fn(() => Promise.resolve({ errMsg: 'ok' }));
});

describe('opening and changing the pledge (principals and school admins)', () => {
  it('opens this year\'s pledge from the default text for chosen grades, with the deadline and who signs', async () => {
    const api = fakeApi({
      'GET /pledge-templates/default': () => ({ status: 200, body: { text: TEXT, studentFromGrade: 3 } }),
      'GET /schools/sch1/grades': () => ({ status: 200, body: [{ id: 'g3', schoolId: 'sch1', name: '三年级', sort: 3 }, { id: 'g4', schoolId: 'sch1', name: '四年级', sort: 4 }] }),
      'POST /schools/sch1/pledges': () => ({ status: 201, body: { id: 'p9' } }),
    });
    render(<PledgeEditBody me={makeMe({ roles: [role('principal')] })} pledgeId={null} />);
    expect(await screen.findByText('发布本学年承诺书')).toBeTruthy();
    const areas = Array.from(document.querySelectorAll('textarea'));
    expect(areas.map((a) => a.value)).toEqual([TEXT.school, TEXT.guardian, TEXT.student, TEXT.studentYoung]);
    fireEvent.change(areas[1], { target: { value: '家长承诺（本校）。\n\n第二段。' } });
    expect(screen.getAllByText('第二段。').length).toBeGreaterThan(0); // the preview follows
    fireEvent.click(screen.getByText('四年级'));
    expect(screen.getByText('将发给：四年级的家长')).toBeTruthy();
    fireEvent.change(document.querySelector('.picker-date input')!, { target: { value: addDays(today, 10) } });
    fireEvent.change(document.querySelector('.picker-selector select')!, { target: { value: '4' } });
    fireEvent.click(screen.getByText(/每位绑定的家长都要签署/));
    fireEvent.click(screen.getByText('发布承诺书'));
    await waitFor(() => expect(t.redirectTo).toHaveBeenCalledWith({ url: '/subpackages/staff-pledges/detail/index?id=p9' }));
    expect(api.callsTo('POST /schools/sch1/pledges')[0].body).toEqual({
      schoolYear: schoolYearLabel(today),
      text: { ...TEXT, guardian: '家长承诺（本校）。\n\n第二段。' },
      grades: [4], deadline: addDays(today, 10), studentFromGrade: 4, requireAllGuardians: true,
    });
  });

  it('nothing is sent while a part is empty; the server\'s refusal is shown', async () => {
    const api = fakeApi({
      'GET /pledge-templates/default': () => ({ status: 200, body: { text: TEXT, studentFromGrade: 3 } }),
      'GET /schools/sch1/grades': () => ({ status: 200, body: [] }),
      'POST /schools/sch1/pledges': () => ({ status: 409, body: { code: 'PLEDGE_EXISTS', message: '本学年的承诺书已经发布' } }),
    });
    render(<PledgeEditBody me={makeMe({ roles: [role('admin')] })} pledgeId={null} />);
    await screen.findByText('发布本学年承诺书');
    const areas = Array.from(document.querySelectorAll('textarea'));
    fireEvent.change(areas[0], { target: { value: ' ' } });
    fireEvent.click(screen.getByText('发布承诺书'));
    expect(await screen.findAllByText('请填写学校承诺')).toHaveLength(2);
    expect(api.callsTo('POST /schools/sch1/pledges')).toHaveLength(0);
    fireEvent.change(areas[0], { target: { value: '学校承诺。' } });
    fireEvent.click(screen.getByText('发布承诺书'));
    expect(await screen.findByText('本学年的承诺书已经发布')).toBeTruthy();
  });

  it('a new version: the current text, a change note required, the same text refused', async () => {
    const api = fakeApi({
      'GET /pledges/p1': () => ({ status: 200, body: { id: 'p1', text: TEXT, textHash: pledgeTextHash(TEXT) } }),
      'POST /pledges/p1/versions': () => ({ status: 201, body: { id: 'p1' } }),
    });
    render(<PledgeEditBody me={makeMe({ roles: [role('principal')] })} pledgeId='p1' />);
    expect(await screen.findByText('发布新版本', { selector: '.title' })).toBeTruthy();
    const note = document.querySelector('.change-note') as HTMLInputElement;
    fireEvent.change(note, { target: { value: '没有改' } });
    fireEvent.click(screen.getByText('发布新版本', { selector: 'button' }));
    expect(await screen.findAllByText('文字没有改动，不需要发布新版本')).not.toHaveLength(0);
    fireEvent.change(document.querySelectorAll('textarea')[2], { target: { value: '学生承诺。\n\n我会保护同学。' } });
    fireEvent.change(note, { target: { value: '学生承诺加了一段' } });
    fireEvent.click(screen.getByText('发布新版本', { selector: 'button' }));
    await waitFor(() => expect(t.redirectTo).toHaveBeenCalledWith({ url: '/subpackages/staff-pledges/detail/index?id=p1' }));
    expect(api.callsTo('POST /pledges/p1/versions')[0].body).toEqual({ text: { ...TEXT, student: '学生承诺。\n\n我会保护同学。' }, changeNote: '学生承诺加了一段' });
    expect(t.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '发布新版本' }));
  });

  it('teachers are told who publishes it', () => {
    render(<PledgeEditBody me={makeMe({ roles: [role('teacher')] })} pledgeId={null} />);
    expect(screen.getByText('承诺书由学校的校长或学校管理员发布。')).toBeTruthy();
  });
});
