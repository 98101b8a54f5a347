import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { shareText, surveyCountText, SURVEY_SHARP_WORSENING, type MeResponse, type SurveyDistrictResponse, type SurveyDistrictSchool } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen, useOnShow } from '../../../components/Screen';
import { FigureTable, SemesterChips, ShareBar } from '../../../components/Charts';
import { districtSurveysApi } from './district-surveys-api';
import '../district.css';
import './district-surveys.css';
import { officerDistrict } from '../../../state/session';

const mean = (m: number | null) => (m === null ? '—' : m.toFixed(1));
const points = (d: number | null) => (d === null ? '—' : `${d > 0 ? '+' : ''}${Math.round(d * 100)} 个百分点`);
const meanChange = (d: number | null) => (d === null ? '—' : `${d > 0 ? '+' : ''}${d.toFixed(1)}`);

function schoolRow(s: SurveyDistrictSchool): { key: string; cells: string[] } {
  return {
    key: s.schoolId,
    cells: [
      `${s.worsenedSharply ? '⚠ ' : ''}${s.schoolName}`, s.survey ? surveyCountText(s.responses) : '未开展', shareText(s.responseRate), shareText(s.prevalence),
      points(s.prevalenceChange), mean(s.safetyMean), meanChange(s.safetyChange),
    ],
  };
}

/**
 * The district officer's view of a semester's surveys: every school side by side — answers, response rate, the share
 * who met any bullying, the mean safety score, and the change since the school's survey of the semester before.
 * Whole-school figures only; fewer than five answers show <5 or —. Schools whose figures worsened sharply come first.
 */
export function DistrictSurveysBody(props: { me: MeResponse }) {
  const district = officerDistrict(props.me);
  const [d, setD] = useState<SurveyDistrictResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (semester?: string) => {
    if (district) districtSurveysApi.view(district.id, semester).then((x) => { setD(x); setError(null); }, (e) => setError(errorText(e)));
  };
  useOnShow(() => load());
  if (!district) return <View className='card'><Text className='muted'>各校问卷汇总由教育局工作人员查看。</Text></View>;
  if (error) return <Text className='error-text'>{error}</Text>;
  if (!d) return <Text className='muted center'>加载中…</Text>;
  const flagged = d.schools.filter((s) => s.worsenedSharply);
  return (
    <View className='wide-page ds-survey-page'>
      <View className='card'>
        <Text className='title'>各校问卷汇总 · {d.semesterLabel}</Text>
        <SemesterChips options={d.semesters} current={d.semesterKey} onPick={(k) => load(k)} />
        <Text className='muted'>
          只显示全校汇总数字；少于 5 份回答不显示（“&lt;5”或“—”）。明显变差：与上学期相比，遇到欺凌的比例上升
          {Math.round(SURVEY_SHARP_WORSENING.prevalenceRise * 100)} 个百分点以上，或安全感平均分下降 {SURVEY_SHARP_WORSENING.safetyDrop} 分以上。
        </Text>
      </View>
      {flagged.length > 0 && (
        <View className='card'>
          <Text className='field-label'>明显变差的学校（{flagged.length} 所）</Text>
          {flagged.map((s) => <Text key={s.schoolId} className='p'>⚠ {s.schoolName}：遇到欺凌 {shareText(s.prevalence)}（{points(s.prevalenceChange)}），安全感 {mean(s.safetyMean)}（{meanChange(s.safetyChange)}）</Text>)}
        </View>
      )}
      <View className='card'>
        <Text className='field-label'>遇到过任何一种欺凌的比例</Text>
        {d.schools.filter((s) => s.survey).map((s) => <ShareBar key={s.schoolId} label={s.schoolName} share={s.prevalence} detail={s.previous ? `上学期 ${shareText(s.previous.prevalence)}` : undefined} />)}
      </View>
      <View className='card'>
        <FigureTable head={['学校', '回答', '答题率', '遇到欺凌', '变化', '安全感', '变化']} rows={d.schools.map(schoolRow)} />
      </View>
    </View>
  );
}

export default function DistrictSurveysPage() {
  return <Screen>{(me) => <DistrictSurveysBody me={me} />}</Screen>;
}
