import {
  formatDate, shareText, SURVEY_KIND_LABELS, SURVEY_KINDS, SURVEY_PARENT_CHILD_TOLD, SURVEY_PARENT_SIGNS, SURVEY_PLACES, SURVEY_TOLD, surveyCountText,
  type SurveyFigures, type SurveyReport,
} from '@anxin/shared';

const mean = (m: number | null) => (m === null ? '—' : m.toFixed(1));

/** One table of an export: a title, a header row and rows of text (counts under five already '<5', shares as 43% or —). */
export interface SurveyExportTable {
  title: string;
  header: string[];
  rows: string[][];
}

/** What both exports of a report hold: its title, notes and tables. Aggregated figures only: no free text, ever. */
export interface SurveyExportContent {
  title: string;
  notes: string[];
  tables: SurveyExportTable[];
}

/** The labelled lines of a group's core figures, in the order the app shows them. */
function figureLines(): { label: string; of: (f: SurveyFigures) => string }[] {
  return [
    { label: '回答份数', of: (f) => surveyCountText(f.responses) },
    { label: '遇到过任何一种欺凌', of: (f) => shareText(f.prevalence) },
    ...SURVEY_KINDS.map((k, i) => ({ label: SURVEY_KIND_LABELS[k], of: (f: SurveyFigures) => shareText(f.kinds[i]?.share) })),
    ...SURVEY_PLACES.map((p, i) => ({ label: `发生在${p}`, of: (f: SurveyFigures) => shareText(f.places[i]) })),
    { label: '告诉了别人', of: (f) => shareText(f.toldAnyone) },
    ...SURVEY_TOLD.map((p, i) => ({ label: `告诉了：${p}`, of: (f: SurveyFigures) => shareText(f.told[i]) })),
    { label: '告诉别人后有帮助', of: (f) => shareText(f.helped) },
    { label: '看到别的同学被欺负', of: (f) => shareText(f.witnessed) },
    { label: '安全感（1–5 分）', of: (f) => mean(f.safetyMean) },
  ];
}

/** The tables of a report's exports (the same small-cell rule as the report: it is built from the report itself). */
export function surveyExportContent(schoolName: string, r: SurveyReport): SurveyExportContent {
  const groups: { name: string; f: SurveyFigures }[] = [
    { name: '全校', f: r.overall }, ...r.grades.map((g) => ({ name: g.gradeName, f: g as SurveyFigures })),
    ...(r.previous ? [{ name: `上学期全校（${r.previous.survey.semesterLabel}）`, f: r.previous.overall }] : []),
  ];
  const tables: SurveyExportTable[] = [
    {
      title: '各班答题率', header: ['年级', '班级', '学生', '答题码', '已答', '答题率'],
      rows: r.classes.map((c) => [c.gradeName, c.className, String(c.students), String(c.codes), surveyCountText(c.answers), shareText(c.rate)]),
    },
    { title: '全校与各年级', header: ['', ...groups.map((g) => g.name)], rows: figureLines().map((l) => [l.label, ...groups.map((g) => l.of(g.f))]) },
  ];
  const own = r.ownQuestions.filter((q) => q.type !== 'text');
  if (own.length) {
    tables.push({
      title: '学校自己的问题', header: ['问题', '回答份数', '选项', '比例'],
      rows: own.flatMap((q) => q.options.map((o, i) => [i === 0 ? q.text : '', i === 0 ? surveyCountText(q.responses) : '', o.option, shareText(o.share)])),
    });
  }
  if (r.parents) {
    const p = r.parents;
    tables.push({
      title: '家长问卷', header: ['', '家长'],
      rows: [
        ['回答份数', surveyCountText(p.responses)],
        ...SURVEY_PARENT_SIGNS.map((s, i) => [`注意到：${s}`, shareText(p.signs[i])]),
        ['注意到其中任何一种', shareText(p.anySign)],
        ...SURVEY_PARENT_CHILD_TOLD.map((s, i) => [s, shareText(p.childTold[i])]),
        ['告诉了老师或学校', shareText(p.toldSchool)],
        ['家长眼中的安全感（1–5 分）', mean(p.safetyMean)],
      ],
    });
  }
  const findings = [...r.followUps.map((f) => ({ f, when: '上学期' })), ...r.findings.map((f) => ({ f, when: '本次' }))];
  if (findings.length) {
    tables.push({
      title: '发现与措施', header: ['记录于', '发现', '措施', '完成日期', '数据', '当时', '现在'],
      rows: findings.map(({ f, when }) => [when, f.text, f.measures, f.dueOn, f.figureLabel, shareText(f.then), shareText(f.now)]),
    });
  }
  return {
    title: `${schoolName} · ${r.survey.title}`,
    notes: [
      `${r.survey.semesterLabel} · ${formatDate(r.survey.opensAt)} 至 ${formatDate(r.survey.closesAt)} · 共 ${surveyCountText(r.overall.responses)} 份回答`,
      '匿名问卷：少于 5 份回答的数字不显示（“<5”或“—”），班级只统计答题率；学生的简答内容不导出。',
    ],
    tables,
  };
}
