import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { formatDateTime, shareText, surveyCountText, type SurveyDetail } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen, useOnShow } from '../../../components/Screen';
import { openPage } from '../../../routes';
import { SURVEY_STATUS_LABELS } from '../survey-form';
import { SURVEY_PAGES, surveyStaffApi } from '../survey-staff-api';
import '../staff-surveys.css';

const VERSION_LABELS = { short: '简短版', full: '完整版' } as const;

/**
 * A survey's progress: each class (a class teacher: theirs) with its answers and response rate (fewer than five
 * answers show as <5), the codes to print, closing early, and the way to the results.
 */
export function SurveyDetailBody(props: { id: string }) {
  const [data, setData] = useState<SurveyDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => surveyStaffApi.detail(props.id).then((r) => { setData(r); setError(null); }, (e) => setError(errorText(e)));
  useOnShow(() => void load());

  const close = async () => {
    const ok = await Taro.showModal({ title: '结束问卷', content: '结束后，没用过的答题码都不能再用。确定结束吗？' });
    if (!ok.confirm) return;
    try {
      setData(await surveyStaffApi.close(props.id));
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (error && !data) return <Text className='error-text'>{error}</Text>;
  if (!data) return <Text className='muted center'>加载中…</Text>;
  return (
    <View>
      <View className='card'>
        <Text className={`tag status-${data.status}`}>{SURVEY_STATUS_LABELS[data.status]}</Text>
        <Text className='title'>{data.title}</Text>
        <Text className='muted'>{data.semesterLabel} · {formatDateTime(data.opensAt)} 至 {formatDateTime(data.closesAt)}</Text>
        {data.canReadReport && <Button className='btn primary' onClick={() => void openPage(`${SURVEY_PAGES.report}?id=${encodeURIComponent(data.id)}`)}>查看结果</Button>}
        {data.status === 'open' && (
          <Button className='btn' onClick={() => void openPage(SURVEY_PAGES.answer)}>在本机打开学生答题页</Button>
        )}
        {data.canManage && data.status !== 'closed' && <Button className='btn small' onClick={() => void close()}>提前结束</Button>}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      <View className='card'>
        <Text className='field-label'>各班答题情况</Text>
        {data.classes.map((c) => (
          <View key={c.classId} className='survey-class-row'>
            <View className='row-main'>
              <Text>{c.className}（{VERSION_LABELS[c.version]}）</Text>
              <Text className='muted'>已答 {surveyCountText(c.answers)} / {c.students} 人 · 答题率 {shareText(c.rate)}</Text>
            </View>
            {data.status === 'open' && (
              <Button className='btn small' onClick={() => void openPage(`${SURVEY_PAGES.answer}?classId=${encodeURIComponent(c.classId)}&className=${encodeURIComponent(c.className)}`)}>
                本班答题页
              </Button>
            )}
            {data.canManage && (
              <Button className='btn small' onClick={() => void openPage(`${SURVEY_PAGES.codes}?id=${encodeURIComponent(data.id)}&classId=${encodeURIComponent(c.classId)}`)}>
                答题码（{c.codes}）
              </Button>
            )}
          </View>
        ))}
        <Text className='muted'>答题少于 5 人的班级只显示“&lt;5”，不显示具体人数和比例。</Text>
      </View>
    </View>
  );
}

export default function SurveyDetailPage() {
  const { params } = useRouter();
  return <Screen>{() => <SurveyDetailBody id={decodeURIComponent(params.id ?? '')} />}</Screen>;
}
