import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  countText, formatDateTime, formatDuration, Permission, ROLE_PERMISSIONS, shareText, TIP_CATEGORY_LABELS, TIP_OUTCOME_LABELS, TipOutcome,
  type MeResponse, type SchoolDashboardResponse, type TipOutcomeFigures,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { oversightApi } from '../../../api/oversight';
import { Screen, useOnShow } from '../../../components/Screen';
import { BarChart, ColumnChart, FigureTable, SemesterChips, ShareBar, Tile } from '../../../components/Charts';
import { SemesterReports } from '../reports';
import '../oversight.css';

/** The school whose dashboard this user opens: a school role that holds the dashboard (admin, principal, contact). */
export function dashboardSchool(me: MeResponse, wanted?: string): { id: string; name: string } | null {
  const roles = me.roles.filter((r) => r.schoolId && ROLE_PERMISSIONS[r.role]?.includes(Permission.SCHOOL_DASHBOARD));
  const r = roles.find((x) => x.schoolId === wanted) ?? roles[0];
  return r?.schoolId ? { id: r.schoolId, name: r.schoolName ?? '' } : null;
}

const minutes = (m: number | null) => (m === null ? '—' : formatDuration(m * 60_000));

/**
 * 学校看板 (the principal, the designated contact and the school admin; made for a desktop browser as well as a phone):
 * this semester's tips by category and by month, how quickly they were acknowledged, escalations and confirmed cases,
 * the cases open and overdue now, letters home read and confirmed, bindings waiting. Each chart has its table beside it.
 */
export function SchoolDashboardBody(props: { me: MeResponse; schoolId?: string }) {
  const school = dashboardSchool(props.me, props.schoolId);
  const [semester, setSemester] = useState<string | undefined>(undefined);
  const [data, setData] = useState<SchoolDashboardResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (key?: string) => {
    if (!school) return;
    oversightApi.schoolDashboard(school.id, key).then((d) => {
      setData(d);
      setError(null);
    }, (e) => setError(errorText(e)));
  };
  useOnShow(() => load(semester));

  if (!school) return <View className='card'><Text className='muted'>学校看板由校长、欺凌防治负责人和学校管理员使用。</Text></View>;
  const pick = (key: string) => {
    setSemester(key);
    load(key);
  };
  const d = data;
  return (
    <View className='wide-page'>
      <View className='card'>
        <Text className='title'>{d?.schoolName ?? school.name} · 学校看板</Text>
        {d && <SemesterChips options={d.semesters} current={d.semester.key} onPick={pick} />}
        {d && <Text className='muted od-note'>{d.semester.label}（{d.semester.startsOn} 至 {d.semester.endsOn}）· 数据截至 {formatDateTime(d.asOf)}</Text>}
        {d && !d.exact && <Text className='muted od-note'>为保护学生隐私，1 或 2 的数字显示为“&lt;3”，由此算出的比例和用时不显示。</Text>}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!d && !error && <Text className='muted center'>加载中…</Text>}
      {d && (
        <View>
          <View className='od-tiles'>
            <Tile value={countText(d.tips.total)} label='本学期举报' />
            <Tile value={shareText(d.acknowledgement.withinDeadlineShare)} label='按期受理' />
            <Tile value={minutes(d.acknowledgement.medianMinutes)} label='受理用时（中位数）' />
            <Tile value={countText(d.cases.open)} label='目前未结案' />
            <Tile value={countText(d.cases.overdue)} label='目前超期' late={d.cases.overdue !== 0} />
            <Tile value={countText(d.bindings.pending)} label='待审核绑定' />
          </View>

          <View className='od-columns'>
            <View className='card od-section'>
              <Text className='subtitle'>本学期举报：按类别</Text>
              <View className='od-pair'>
                <BarChart title='按类别' items={d.tips.byCategory.map((c) => ({ key: c.category, label: TIP_CATEGORY_LABELS[c.category], value: c.count }))} />
                <FigureTable head={['类别', '举报']} rows={d.tips.byCategory.map((c) => ({ key: c.category, cells: [TIP_CATEGORY_LABELS[c.category], countText(c.count)] }))} />
              </View>
            </View>
            <View className='card od-section'>
              <Text className='subtitle'>本学期举报：按月份</Text>
              <View className='od-pair'>
                <ColumnChart title='按月份' items={d.tips.byMonth.map((m) => ({ key: m.month, label: m.label, value: m.count }))} />
                <FigureTable head={['月份', '举报']} rows={d.tips.byMonth.map((m) => ({ key: m.month, cells: [m.month, countText(m.count)] }))} />
              </View>
            </View>
          </View>

          <View className='od-columns'>
            <View className='card od-section'>
              <Text className='subtitle'>受理与处置</Text>
              <View className='od-pair'>
                <View className='od-shares'>
                  <ShareBar label='期限内受理' share={d.acknowledgement.withinDeadlineShare} detail={`已受理 ${countText(d.acknowledgement.acknowledged)}，其中期限内 ${countText(d.acknowledgement.withinDeadline)}`} />
                </View>
                <FigureTable head={['项目', '数值']} rows={[
                  { key: 'median', cells: ['受理用时中位数', minutes(d.acknowledgement.medianMinutes)] },
                  { key: 'p90', cells: ['受理用时 90% 分位', minutes(d.acknowledgement.p90Minutes)] },
                  { key: 'principal', cells: ['升级到校长', countText(d.tips.escalatedToPrincipal)] },
                  { key: 'district', cells: ['升级到教育局', countText(d.tips.escalatedToDistrict)] },
                  { key: 'confirmed', cells: ['已认定欺凌', countText(d.tips.confirmed)] },
                  { key: 'investigations', cells: ['调查超过 15 天未办结（目前）', countText(d.cases.investigationsOverdue)] },
                ]} />
              </View>
              {d.tips.outcomes && <OutcomeFigures outcomes={d.tips.outcomes} />}
            </View>
            <View className='card od-section'>
              <Text className='subtitle'>家长信与通知</Text>
              <View className='od-pair'>
                <View className='od-shares'>
                  <ShareBar label='已阅读' share={d.notices.readShare} />
                  <ShareBar label='已确认' share={d.notices.acknowledgedShare} />
                </View>
                <FigureTable head={['项目', '数值']} rows={[
                  { key: 'published', cells: ['本学期发布', String(d.notices.published)] },
                  { key: 'recipients', cells: ['送达家长（份）', countText(d.notices.recipients)] },
                  { key: 'read', cells: ['已阅读', countText(d.notices.read)] },
                  { key: 'ack', cells: ['已确认', countText(d.notices.acknowledged)] },
                ]} />
              </View>
              <Text className='muted od-note'>{d.notices.countedAt ? `回执统计于 ${formatDateTime(d.notices.countedAt)}` : '回执尚未统计（每分钟统计一次）'}</Text>
            </View>
          </View>

          <View className='card od-section'>
            <Text className='subtitle'>防范欺凌承诺书{d.pledges ? `（${d.pledges.schoolYear}学年）` : ''}：按年级</Text>
            {!d.pledges && <Text className='muted'>本学年还没有发起承诺书。</Text>}
            {d.pledges && (
              <View className='od-pair'>
                <View className='od-shares'>
                  {d.pledges.byGrade.map((g) => <ShareBar key={g.gradeName} label={g.gradeName} share={g.signedShare} />)}
                  <ShareBar label='全校' share={d.pledges.signedShare} />
                </View>
                <FigureTable head={['年级', '学生', '已签署', '比例']} rows={[
                  ...d.pledges.byGrade.map((g) => ({ key: g.gradeName, cells: [g.gradeName, countText(g.students), countText(g.signed), shareText(g.signedShare)] })),
                  { key: 'all', cells: ['全校', countText(d.pledges.students), countText(d.pledges.signed), shareText(d.pledges.signedShare)] },
                ]} />
              </View>
            )}
          </View>

          <SemesterReports scope='school' scopeId={school.id} name={d.schoolName} semester={d.semester.key} semesters={d.semesters} />
        </View>
      )}
    </View>
  );
}

export default function SchoolDashboardPage() {
  const params = useRouter().params ?? {};
  return <Screen>{(me) => <SchoolDashboardBody me={me} schoolId={params.schoolId} />}</Screen>;
}

/** How the semester's cases ended (恶意/虚假举报, 玩笑, 重复, …) and the share found 恶意/虚假. */
function OutcomeFigures(props: { outcomes: TipOutcomeFigures }) {
  const { outcomes } = props;
  return (
    <View className='od-outcomes'>
      <Text className='subtitle'>结案方式</Text>
      <View className='od-pair'>
        <BarChart title='结案方式' items={Object.values(TipOutcome).map((o) => ({ key: o, label: TIP_OUTCOME_LABELS[o], value: outcomes.byOutcome[o] }))} />
        <ShareBar label='恶意/虚假举报占比' share={outcomes.falseReportShare} detail={`已有结论 ${countText(outcomes.decided)}`} />
      </View>
    </View>
  );
}
