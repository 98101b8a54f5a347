import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDate, type MeResponse, type SurveyListResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { openPage } from '../../../routes';
import { SURVEY_STATUS_LABELS, surveySchool } from '../survey-form';
import { SURVEY_PAGES, surveyStaffApi } from '../survey-staff-api';
import '../staff-surveys.css';

/**
 * 问卷调查 for staff: the school's anonymous bullying surveys with their state and window; the principal and the
 * designated contact open a new one. A class teacher sees the surveys that reach their classes.
 */
export function StaffSurveyListBody(props: { me: MeResponse }) {
  const school = surveySchool(props.me);
  const [data, setData] = useState<SurveyListResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useOnShow(() => {
    if (!school) return;
    surveyStaffApi.list(school.id).then((r) => { setData(r); setError(null); }, (e) => setError(errorText(e)));
  });

  if (!school) return <View className='card'><Text className='muted'>问卷调查由校长和欺凌防治负责人发起，班主任查看本班的答题进度。</Text></View>;
  return (
    <View>
      <View className='card'>
        <Text className='title'>防欺凌问卷调查</Text>
        <Text className='muted'>{school.name}：每学期请学生匿名填一次问卷，看欺凌多发生在哪里、和上学期比有没有变化。不记名，老师看不到谁填了什么。</Text>
        {data?.canManage && <Button className='btn primary' onClick={() => void openPage(SURVEY_PAGES.open)}>发起问卷调查</Button>}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!data && !error && <Text className='muted center'>加载中…</Text>}
      {data?.items.length === 0 && <View className='card'><Text className='muted'>还没有问卷调查。</Text></View>}
      {data?.items.map((s) => (
        <View
          key={s.id}
          className='entry survey-item'
          onClick={() => void openPage(`${SURVEY_PAGES.detail}?id=${encodeURIComponent(s.id)}`)}
          {...a11y({ role: 'button', label: `${s.title}，${SURVEY_STATUS_LABELS[s.status]}` })}
        >
          <View className='row-main'>
            <Text className={`tag status-${s.status}`}>{SURVEY_STATUS_LABELS[s.status]}</Text>
            <Text className='survey-title'>{s.title}</Text>
            <Text className='muted'>{s.semesterLabel} · {formatDate(s.opensAt)} 至 {formatDate(s.closesAt)}</Text>
          </View>
          <Text>›</Text>
        </View>
      ))}
    </View>
  );
}

export default function StaffSurveyListPage() {
  return <Screen>{(me) => <StaffSurveyListBody me={me} />}</Screen>;
}
