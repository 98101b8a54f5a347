import { describe, expect, it } from '@jest/globals';
import { PLEDGE_LIMITS, pledgeTextHash } from '@anxin/shared';
import {
  addDays, openForm, schoolYearChoices, studentFromGradeText, toOpenRequest, toVersionRequest, toggleGrade, validatePledgeForm, versionForm,
} from './pledge-form';
import { gradesText, pledgeGrades } from './pledge-school';

const TEMPLATE = { school: '学校承诺。', guardian: '家长承诺。', student: '学生承诺。', studentYoung: '我不打人。' };
const TODAY = '2026-08-20';

describe('opening the year\'s pledge', () => {
  it('starts from the default text, this school year, the whole school and a deadline 30 days ahead', () => {
    const f = openForm(TEMPLATE, 4, TODAY);
    expect(f).toMatchObject({ mode: 'open', schoolYear: '2026-2027', text: TEMPLATE, grades: [], deadline: '2026-09-19', studentFromGrade: 4, requireAllGuardians: false });
    expect(openForm({ ...TEMPLATE, studentYoung: undefined }, undefined, TODAY)).toMatchObject({ studentFromGrade: 3, text: { studentYoung: '' } });
    expect(schoolYearChoices(TODAY)).toEqual(['2026-2027', '2027-2028']);
    expect(schoolYearChoices('2027-03-01')).toEqual(['2026-2027', '2027-2028']);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('the request: the text normalized (no empty young part), grades only when chosen', () => {
    const f = { ...openForm(TEMPLATE, 3, TODAY), text: { ...TEMPLATE, school: '  学校承诺。\r\n\r\n第二段。 ', studentYoung: '  ' } };
    expect(toOpenRequest(f)).toEqual({
      schoolYear: '2026-2027', text: { school: '学校承诺。\n\n第二段。', guardian: '家长承诺。', student: '学生承诺。' },
      deadline: '2026-09-19', studentFromGrade: 3, requireAllGuardians: false,
    });
    expect(toOpenRequest({ ...f, grades: toggleGrade(toggleGrade([], 5), 3), requireAllGuardians: true })).toMatchObject({ grades: [3, 5], requireAllGuardians: true });
    expect(toggleGrade([3, 5], 3)).toEqual([5]);
  });

  it('says what is missing or wrong before anything is sent', () => {
    const f = openForm(TEMPLATE, 3, TODAY);
    expect(validatePledgeForm(f, TODAY)).toEqual({});
    expect(validatePledgeForm({ ...f, text: { ...f.text, guardian: '  ' } }, TODAY)).toEqual({ guardian: '请填写家长承诺' });
    expect(validatePledgeForm({ ...f, text: { ...f.text, studentYoung: '' } }, TODAY)).toEqual({});
    expect(validatePledgeForm({ ...f, text: { ...f.text, studentYoung: '字'.repeat(PLEDGE_LIMITS.studentYoungMax + 1) } }, TODAY).studentYoung).toBe(`低年级学生承诺最多 ${PLEDGE_LIMITS.studentYoungMax} 字`);
    expect(validatePledgeForm({ ...f, text: { ...f.text, school: '字'.repeat(PLEDGE_LIMITS.partMax + 1) } }, TODAY).school).toBe(`学校承诺最多 ${PLEDGE_LIMITS.partMax} 字`);
    expect(validatePledgeForm({ ...f, deadline: '2026-08-19' }, TODAY).deadline).toBe('截止日期不能早于今天');
    expect(validatePledgeForm({ ...f, deadline: TODAY }, TODAY)).toEqual({});
    expect(validatePledgeForm({ ...f, deadline: addDays(TODAY, PLEDGE_LIMITS.deadlineDaysMax + 1) }, TODAY).deadline).toBe(`截止日期最多在 ${PLEDGE_LIMITS.deadlineDaysMax} 天之后`);
    expect(validatePledgeForm({ ...f, schoolYear: '2024-2025' }, TODAY).schoolYear).toBe('请选择学年');
  });
});

describe('a new version', () => {
  it('starts from the current text and needs a change note', () => {
    const f = versionForm(TEMPLATE, pledgeTextHash(TEMPLATE));
    expect(validatePledgeForm(f, TODAY).changeNote).toBe('请写明改了什么（家长重新签署前会看到）');
    const changed = { ...f, text: { ...f.text, guardian: '家长承诺（新）。' }, changeNote: ' 改了家长承诺 ' };
    expect(validatePledgeForm(changed, TODAY)).toEqual({});
    expect(toVersionRequest(changed)).toEqual({ text: { ...TEMPLATE, guardian: '家长承诺（新）。' }, changeNote: '改了家长承诺' });
    expect(validatePledgeForm({ ...changed, changeNote: '字'.repeat(PLEDGE_LIMITS.changeNoteMax + 1) }, TODAY).changeNote).toBe(`变更说明最多 ${PLEDGE_LIMITS.changeNoteMax} 字`);
  });

  it('the same text again (blank space aside) is no new version', () => {
    const f = { ...versionForm(TEMPLATE, pledgeTextHash(TEMPLATE)), changeNote: '没改' };
    expect(validatePledgeForm({ ...f, text: { ...f.text, school: ' 学校承诺。\r\n' } }, TODAY).changeNote).toBe('文字没有改动，不需要发布新版本');
  });
});

describe('grades and wording', () => {
  it('the school\'s grades a pledge can name are those of school years 1–12, by number', () => {
    const g = (id: string, name: string, sort: number) => ({ id, schoolId: 'sch1', name, sort });
    expect(pledgeGrades([g('g4', '四年级', 4), g('g0', '学前班', 0), g('g3', '三年级', 3), g('g7', '初一', 7)])).toEqual([
      { number: 3, name: '三年级' }, { number: 4, name: '四年级' }, { number: 7, name: '初一' },
    ]);
    expect(gradesText([], new Map())).toBe('全校');
    expect(gradesText([3, 4], new Map([[3, '三年级']]))).toBe('三年级、4 年级');
    expect(studentFromGradeText(0)).toBe('学生不签名，只由家长签署');
    expect(studentFromGradeText(3)).toBe('3 年级及以上的学生也签名');
  });
});
