import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { formatDateTime, type SurveyCodesResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen } from '../../../components/Screen';
import { surveyStaffApi } from '../survey-staff-api';
import '../staff-surveys.css';

/**
 * A class's one-time codes as slips to print (the page prints as a grid of slips in a browser) and cut: one per child,
 * handed out at random, so nobody knows whose slip is whose. Showing them is audited.
 */
export function SurveyCodesBody(props: { id: string; classId: string }) {
  const [data, setData] = useState<SurveyCodesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    surveyStaffApi.codes(props.id, props.classId).then(setData, (e) => setError(errorText(e)));
  }, [props.id, props.classId]);
  if (error) return <Text className='error-text'>{error}</Text>;
  if (!data) return <Text className='muted center'>加载中…</Text>;
  return (
    <View className='survey-print'>
      <View className='card no-print'>
        <Text className='title'>{data.className} · 答题码 {data.codes.length} 张</Text>
        <Text className='muted'>打印后剪开，打乱顺序发给学生，每人一张。答题码只能用一次，不记录是谁用的。在电脑浏览器里打开本页可直接打印。</Text>
      </View>
      <View className='survey-slips'>
        {data.codes.map((code) => (
          <View key={code} className='survey-slip'>
            <Text className='survey-slip-title'>{data.title}</Text>
            <Text className='survey-slip-code'>{code.slice(0, 4)} {code.slice(4)}</Text>
            <Text className='survey-slip-hint'>在老师打开的答题页上输入答题码。{formatDateTime(data.closesAt)} 前有效。不用写名字。</Text>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function SurveyCodesPage() {
  const { params } = useRouter();
  return <Screen>{() => <SurveyCodesBody id={decodeURIComponent(params.id ?? '')} classId={decodeURIComponent(params.classId ?? '')} />}</Screen>;
}
