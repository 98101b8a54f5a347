import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  calendarProblems, countText, formatDateTime, OVERSIGHT_LIMITS, shareText, TIP_CATEGORY_LABELS, TIP_STATUS_LABELS,
  type DistrictCalendarResponse, type DistrictDashboardResponse, type DistrictDashboardSchool, type MeResponse, type SchoolYearCalendar,
  type SupervisionFlag,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { oversightApi } from '../../../api/oversight';
import { Screen, useOnShow } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { ROUTES, openPage } from '../../../routes';
import { a11y } from '../../../a11y';
import { BarChart, SemesterChips, ShareBar, Tile } from '../../../components/Charts';
import { SemesterReports } from '../reports';
import '../oversight.css';
import { officerDistrict } from '../../../state/session';

/** Schools drawn in the charts (the table lists every school). */
export const CHART_SCHOOLS = 15;

function FlagCard(props: { flag: SupervisionFlag; districtId: string; onAcked: () => void }) {
  const { flag } = props;
  const [note, setNote] = useState('');
  const action = useAction();
  const open = !flag.acknowledged || flag.acknowledged.newSince;
  const submit = async () => {
    if (!note.trim()) return action.refuse('请填写处理说明，例如“已约谈校长，学校已提交整改方案”');
    await action.run(async () => {
      await oversightApi.ackFlag(props.districtId, flag.key, { note: note.trim() });
      setNote('');
      props.onAcked();
    }, { done: '已确认' });
  };
  return (
    <View className={`card flag${open ? '' : ' done'}`}>
      <Text className='flag-title'>{flag.schoolName} · {flag.title}</Text>
      <Text className='p'>{flag.explanation}</Text>
      {flag.cases.map((c) => (
        <View key={c.tipId} className='row flag-case' {...a11y({ role: 'button' })} onClick={() => void openPage(`${ROUTES.staffTipDetail}?id=${encodeURIComponent(c.tipId)}`)}>
          <View className='row-main'>
            <Text>{TIP_CATEGORY_LABELS[c.category]} · {TIP_STATUS_LABELS[c.status]}</Text>
            <Text className='muted'>提交于 {formatDateTime(c.submittedAt)} · 已升级到教育局，可查看</Text>
          </View>
          <Text>›</Text>
        </View>
      ))}
      {flag.otherCases !== 0 && <Text className='muted'>另有 {countText(flag.otherCases)} 起由学校处理，未升级到教育局，只统计数量。</Text>}
      {flag.acknowledged && (
        <View className='flag-ack'>
          <Text className={flag.acknowledged.newSince ? 'warning' : 'ok-text'}>
            {flag.acknowledged.newSince ? '确认后又有新情况，请再次处理' : '已确认'}：{flag.acknowledged.by} · {formatDateTime(flag.acknowledged.at)}
          </Text>
          <Text className='muted'>处理说明：{flag.acknowledged.note}</Text>
        </View>
      )}
      {open && (
        <View className='flag-ack'>
          <View className='field'>
            <Text className='label'>处理说明</Text>
            <Input className='input' value={note} maxlength={OVERSIGHT_LIMITS.flagNoteMax} placeholder='例如：已约谈校长，学校已提交整改方案' onInput={(e) => setNote(e.detail.value)} />
          </View>
          <ActionError error={action.error} />
          <Button className='btn small primary' disabled={action.busy || undefined} onClick={() => void submit()}>{action.busy ? '正在确认…' : '确认已处理'}</Button>
        </View>
      )}
    </View>
  );
}

function SchoolRow(props: { s: DistrictDashboardSchool }) {
  const { s } = props;
  const cell = (label: string, value: string) => (
    <View className='dd-cell'><Text className='dd-label'>{label}</Text><Text>{value}</Text></View>
  );
  return (
    <View className={`dd-row${s.flagsOpen > 0 ? ' attention' : ''}`}>
      <View className='dd-cell'>
        <Text className='dd-name'>{s.schoolName}</Text>
      </View>
      {cell('举报', countText(s.tips))}
      {cell('期限内受理', s.withinDeadlineShare === null ? countText(s.withinDeadline) : shareText(s.withinDeadlineShare))}
      {cell('目前超期', countText(s.overdue))}
      {cell('升级到教育局', countText(s.escalatedToDistrict))}
      {s.outcomes && cell('恶意/虚假举报', s.outcomes.falseReportShare === null ? countText(s.outcomes.byOutcome.false_report) : shareText(s.outcomes.falseReportShare))}
      {cell('开通进度', s.setup.complete ? '已完成' : `${s.setup.done}/${s.setup.total}`)}
      {cell('家长信确认', s.letters.published ? shareText(s.letters.acknowledgedShare) : '未发')}
      {cell('督导提示', s.flagsOpen ? `${s.flagsOpen} 条待处理` : s.flagsAcknowledged ? '已处理' : '无')}
    </View>
  );
}

const emptyDates = (y: SchoolYearCalendar): SchoolYearCalendar => ({ schoolYear: y.schoolYear, first: { ...y.first }, second: { ...y.second } });

/** The district's semester dates: the current school year and the next, as they stand; saved for the whole district. */
function CalendarCard(props: { districtId: string; onSaved: () => void }) {
  const [cal, setCal] = useState<DistrictCalendarResponse | null>(null);
  const [edit, setEdit] = useState<SchoolYearCalendar[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const saving = useAction();
  // One line shows the load's error or 保存's, whichever came last: each clears the other (取消 clears both).
  const error = saving.error ?? loadError;
  useOnShow(() => {
    oversightApi.calendar(props.districtId).then(setCal, (e) => {
      saving.clear();
      setLoadError(errorText(e));
    });
  });
  if (!cal) return error ? <Text className='error-text'>{error}</Text> : null;
  const start = () => setEdit(cal.upcoming.map(emptyDates));
  const set = (i: number, term: 'first' | 'second', end: 'startsOn' | 'endsOn', value: string) =>
    setEdit((e) => e && e.map((y, n) => (n === i ? { ...y, [term]: { ...y[term], [end]: value.trim() } } : y)));
  const save = async () => {
    if (!edit) return;
    const years = [...cal.years.filter((y) => !edit.some((x) => x.schoolYear === y.schoolYear)), ...edit].sort((a, b) => a.schoolYear - b.schoolYear);
    const problems = calendarProblems(years);
    if (problems.length) return saving.refuse(problems.join('；'));
    setLoadError(null);
    await saving.run(async () => {
      setCal(await oversightApi.putCalendar(props.districtId, { years }));
      setEdit(null);
      props.onSaved();
    }, { done: '校历已保存' });
  };
  const field = (i: number, term: 'first' | 'second', end: 'startsOn' | 'endsOn', label: string) => (
    <View className='field'>
      <Text className='label'>{label}</Text>
      <Input className='input' value={edit![i][term][end]} placeholder='2026-09-01' onInput={(e) => set(i, term, end, e.detail.value)} />
    </View>
  );
  return (
    <View className='card'>
      <Text className='subtitle'>校历（学期日期）</Text>
      <Text className='muted'>当前：{cal.current.label}（{cal.current.startsOn} 至 {cal.current.endsOn}{cal.current.custom ? '，本区设置' : '，默认'}）。寒暑假计入下一个学期。</Text>
      {!edit && cal.upcoming.map((y) => (
        <Text key={y.schoolYear} className='muted'>
          {y.schoolYear}-{y.schoolYear + 1}学年：第一学期 {y.first.startsOn} 至 {y.first.endsOn}，第二学期 {y.second.startsOn} 至 {y.second.endsOn}{y.custom ? '' : '（默认）'}
        </Text>
      ))}
      {!edit && <Button className='btn small' onClick={start}>修改学期日期</Button>}
      {edit && edit.map((y, i) => (
        <View key={y.schoolYear} className='cal-year'>
          <Text className='label'>{y.schoolYear}-{y.schoolYear + 1}学年</Text>
          <View className='cal-fields'>
            {field(i, 'first', 'startsOn', '第一学期开始')}
            {field(i, 'first', 'endsOn', '第一学期结束')}
            {field(i, 'second', 'startsOn', '第二学期开始')}
            {field(i, 'second', 'endsOn', '第二学期结束')}
          </View>
        </View>
      ))}
      {error && <Text className='error-text'>{error}</Text>}
      {edit && (
        <View className='btn-row'>
          <Button className='btn primary' disabled={saving.busy || undefined} onClick={() => void save()}>{saving.busy ? '正在保存…' : '保存'}</Button>
          <Button className='btn' onClick={() => { setEdit(null); saving.clear(); setLoadError(null); }}>取消</Button>
        </View>
      )}
    </View>
  );
}

/**
 * 区级看板 (district officers; made for a desktop browser as well as a phone): every school of the district side by
 * side for a semester, the supervision flags with their explanation and the officer's acknowledgement, charts of the
 * schools with the table of every school, and the district's semester dates. Counts only; 1 and 2 show as '<3'.
 */
export function DistrictDashboardBody(props: { me: MeResponse }) {
  const district = officerDistrict(props.me);
  const [semester, setSemester] = useState<string | undefined>(undefined);
  const [data, setData] = useState<DistrictDashboardResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (key = semester) => {
    if (!district) return;
    oversightApi.districtDashboard(district.id, key).then((d) => {
      setData(d);
      setError(null);
    }, (e) => setError(errorText(e)));
  };
  useOnShow(() => load());
  if (!district) return <View className='card'><Text className='muted'>区级看板由教育局工作人员使用。</Text></View>;
  const d = data;
  const charted = d ? d.schools.slice(0, CHART_SCHOOLS) : [];
  return (
    <View className='wide-page'>
      <View className='card'>
        <Text className='title'>{d?.districtName ?? district.name} · 区级看板</Text>
        {d && <SemesterChips options={d.semesters} current={d.semester.key} onPick={(key) => { setSemester(key); load(key); }} />}
        {d && <Text className='muted od-note'>{d.semester.label}（{d.semester.startsOn} 至 {d.semester.endsOn}）· 数据截至 {formatDateTime(d.asOf)}</Text>}
        <Text className='muted od-note'>只显示数量，不显示学生姓名、班级或举报内容；为保护学生隐私，1 或 2 显示为“&lt;3”。</Text>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!d && !error && <Text className='muted center'>加载中…</Text>}
      {d && (
        <View>
          <View className='od-tiles'>
            <Tile value={String(d.totals.schools)} label='学校' />
            <Tile value={countText(d.totals.tips)} label='本学期举报' />
            <Tile value={shareText(d.totals.withinDeadlineShare)} label='期限内受理' />
            <Tile value={countText(d.totals.overdue)} label='目前超期' late={d.totals.overdue !== 0} />
            <Tile value={countText(d.totals.escalatedToDistrict)} label='升级到教育局' />
            {d.totals.outcomes && <Tile value={d.totals.outcomes.falseReportShare === null ? countText(d.totals.outcomes.byOutcome.false_report) : shareText(d.totals.outcomes.falseReportShare)} label='恶意/虚假举报' />}
            <Tile value={`${d.totals.schoolsSetUp}/${d.totals.schools}`} label='已完成开通' />
            <Tile value={String(d.totals.flagsOpen)} label='待处理督导提示' late={d.totals.flagsOpen > 0} />
          </View>

          <Text className='subtitle'>督导提示（{d.flags.length}）</Text>
          {d.flags.length === 0 && <View className='card'><Text className='muted'>本学期没有需要督导的情况。</Text></View>}
          {d.flags.map((f) => <FlagCard key={f.key} flag={f} districtId={district.id} onAcked={() => load()} />)}

          {d.schools.length > 0 && (
            <View className='od-columns'>
              <View className='card od-section'>
                <Text className='subtitle'>各校本学期举报</Text>
                <BarChart title='各校本学期举报' items={charted.map((s) => ({ key: s.schoolId, label: s.schoolName, value: s.tips }))} />
              </View>
              <View className='card od-section'>
                <Text className='subtitle'>各校期限内受理</Text>
                <View className='od-shares'>
                  {charted.map((s) => <ShareBar key={s.schoolId} label={s.schoolName} share={s.withinDeadlineShare} />)}
                </View>
              </View>
            </View>
          )}
          {d.schools.length > CHART_SCHOOLS && <Text className='muted od-note'>图中为需要关注的前 {CHART_SCHOOLS} 所学校，下表列出全部 {d.schools.length} 所。</Text>}

          <Text className='subtitle'>各校情况（需要关注的在前）</Text>
          {d.schools.length === 0 && <View className='card'><Text className='muted'>本区还没有学校。</Text></View>}
          {d.schools.length > 0 && (
            <View className='dd-table'>
              <View className='dd-head'>
                {['学校', '举报', '期限内受理', '目前超期', '升级到教育局', '开通进度', '家长信确认', '督导提示'].map((h) => <Text key={h}>{h}</Text>)}
              </View>
              {d.schools.map((s) => <SchoolRow key={s.schoolId} s={s} />)}
            </View>
          )}
          <SemesterReports scope='district' scopeId={district.id} name={d.districtName} semester={d.semester.key} semesters={d.semesters} />
          <CalendarCard districtId={district.id} onSaved={() => load()} />
        </View>
      )}
    </View>
  );
}

export default function DistrictDashboardPage() {
  return <Screen>{(me) => <DistrictDashboardBody me={me} />}</Screen>;
}
