import {
  countText, formatDateTime, shareText, TIP_CATEGORY_LABELS, type Count, type DistrictDashboardResponse, type SchoolDashboardResponse,
} from '@anxin/shared';

/** A bar chart of the PDF: one bar per label, its count as the dashboard gave it ('<3' drawn as 2, hatched). */
export interface ReportChart {
  title: string;
  bars: { label: string; count: Count }[];
}

/**
 * What a semester report prints, in both files: the title, a note on the counts, the sheet (a header row and one row
 * per school, or per month and category), the key figures and the charts. Built from a dashboard's response alone, so
 * the report shows exactly what the dashboard shows, suppressed where it is.
 */
export interface ReportContent {
  title: string;
  /** The sheet's name and the file names' stem. */
  sheetName: string;
  notes: string[];
  header: string[];
  rows: (string | number)[][];
  figures: { label: string; value: string }[];
  charts: ReportChart[];
}

/** A count as a cell: a number, or the text '<3'. */
const cell = (c: Count): string | number => (typeof c === 'number' ? c : countText(c));
const minutes = (n: number | null) => (n === null ? '—' : `${n} 分钟`);
const PRIVACY_NOTE = '为保护学生隐私，1 或 2 的数字显示为“<3”';

/** A school's report: one row per month and one per category of the semester's tips, then the semester's figures. */
export function schoolReportContent(d: SchoolDashboardResponse): ReportContent {
  const rows: (string | number)[][] = [
    ...d.tips.byMonth.map((m) => ['按月份', m.label, cell(m.count)]),
    ...d.tips.byCategory.map((c) => ['按类别', TIP_CATEGORY_LABELS[c.category], cell(c.count)]),
    ['举报', '举报总数', cell(d.tips.total)],
    ['举报', '升级至校长', cell(d.tips.escalatedToPrincipal)],
    ['举报', '上报教育局', cell(d.tips.escalatedToDistrict)],
    ['举报', '已认定欺凌', cell(d.tips.confirmed)],
    ...(d.tips.outcomes ? [
      ['举报', '恶意/虚假举报', cell(d.tips.outcomes.byOutcome.false_report)],
      ['举报', '恶意/虚假举报占比', shareText(d.tips.outcomes.falseReportShare)],
    ] : []),
    ['受理', '已受理', cell(d.acknowledgement.acknowledged)],
    ['受理', '按时受理', cell(d.acknowledgement.withinDeadline)],
    ['受理', '按时受理率', shareText(d.acknowledgement.withinDeadlineShare)],
    ['受理', '受理用时中位数', minutes(d.acknowledgement.medianMinutes)],
    ['受理', '受理用时 90 分位', minutes(d.acknowledgement.p90Minutes)],
    ['案件（统计时）', '未结案', cell(d.cases.open)],
    ['案件（统计时）', '已逾期', cell(d.cases.overdue)],
    ['案件（统计时）', '调查超过 15 天未办结', cell(d.cases.investigationsOverdue)],
    ['家校通知', '发布数', d.notices.published],
    ['家校通知', '已读率', shareText(d.notices.readShare)],
    ['家校通知', '确认率', shareText(d.notices.acknowledgedShare)],
    ['家长绑定', '待审核', cell(d.bindings.pending)],
  ];
  return {
    title: `${d.schoolName} ${d.semester.label} 学期报告`,
    sheetName: '学期报告',
    notes: [`统计时间：${formatDateTime(d.asOf)}；学期：${d.semester.startsOn} 至 ${d.semester.endsOn}`, ...(d.exact ? [] : [PRIVACY_NOTE])],
    header: ['分组', '项目', '数值'],
    rows,
    figures: rows.slice(d.tips.byMonth.length + d.tips.byCategory.length).map((r) => ({ label: String(r[1]), value: String(r[2]) })),
    charts: [
      { title: '举报按类别', bars: d.tips.byCategory.map((c) => ({ label: TIP_CATEGORY_LABELS[c.category], count: c.count })) },
      { title: '举报按月份', bars: d.tips.byMonth.map((m) => ({ label: m.label, count: m.count })) },
    ],
  };
}

/** A district's report: one row per school (in the dashboard's order: schools needing attention first), then the totals. */
export function districtReportContent(d: DistrictDashboardResponse): ReportContent {
  const t = d.totals;
  return {
    title: `${d.districtName} ${d.semester.label} 学期报告`,
    sheetName: '学期报告',
    notes: [`统计时间：${formatDateTime(d.asOf)}；学期：${d.semester.startsOn} 至 ${d.semester.endsOn}`, PRIVACY_NOTE],
    header: ['学校', '举报数', '已受理', '按时受理', '按时受理率', '当前逾期', '上报教育局', '工作台建设', '致家长的一封信', '家长确认率', '待处理督导提示'],
    rows: [
      ...d.schools.map((s) => [
        s.schoolName, cell(s.tips), cell(s.acknowledged), cell(s.withinDeadline), shareText(s.withinDeadlineShare), cell(s.overdue),
        cell(s.escalatedToDistrict), `${s.setup.done}/${s.setup.total}`, s.letters.published, shareText(s.letters.acknowledgedShare), s.flagsOpen,
      ]),
      ['合计', cell(t.tips), '', '', shareText(t.withinDeadlineShare), cell(t.overdue), cell(t.escalatedToDistrict), `${t.schoolsSetUp}/${t.schools} 所完成`, '', '', t.flagsOpen],
    ],
    figures: [
      { label: '学校数', value: String(t.schools) },
      { label: '举报总数', value: countText(t.tips) },
      { label: '按时受理率', value: shareText(t.withinDeadlineShare) },
      { label: '当前逾期', value: countText(t.overdue) },
      { label: '上报教育局', value: countText(t.escalatedToDistrict) },
      { label: '完成建设的学校', value: String(t.schoolsSetUp) },
      { label: '待处理督导提示', value: String(t.flagsOpen) },
      ...(t.outcomes ? [
        { label: '恶意/虚假举报', value: countText(t.outcomes.byOutcome.false_report) },
        { label: '恶意/虚假举报占比', value: shareText(t.outcomes.falseReportShare) },
      ] : []),
    ],
    charts: [
      { title: '各校举报数', bars: d.schools.map((s) => ({ label: s.schoolName, count: s.tips })) },
      { title: '各校按时受理', bars: d.schools.map((s) => ({ label: s.schoolName, count: s.withinDeadline })) },
      { title: '各校当前逾期', bars: d.schools.map((s) => ({ label: s.schoolName, count: s.overdue })) },
    ],
  };
}
