import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { formatDate, RETENTION_UPCOMING_DAYS, type MeResponse, type UpcomingErasures } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { retentionApi } from '../../../api/retention';
import { Screen, useOnShow } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { staffSchoolId } from '../../../state/session';

/**
 * The erasures coming up at the school in the next 30 days (the principal and the designated contact): case, what is
 * erased, and when; and the cases a legal hold keeps. Ids and dates only: the list shows no content.
 */
export function UpcomingBody(props: { me: MeResponse }) {
  const schoolId = staffSchoolId(props.me);
  const [data, setData] = useState<UpcomingErasures | null>(null);
  const [error, setError] = useState<string | null>(null);
  useOnShow(() => {
    if (!schoolId) return;
    retentionApi.upcoming(schoolId).then(setData, (e) => setError(errorText(e)));
  });
  if (!schoolId) return <View className='card'><Text className='muted'>只有学校的校长和欺凌防治负责人可以查看。</Text></View>;
  if (error) return <View className='card'><Text className='error-text'>{error}</Text></View>;
  if (!data) return <Text className='muted center'>加载中…</Text>;
  const open = (tipId: string) => void openPage(`${ROUTES.staffTipDetail}?id=${encodeURIComponent(tipId)}`);
  return (
    <View>
      <View className='card'>
        <Text className='title'>{RETENTION_UPCOMING_DAYS} 天内将删除的内容</Text>
        <Text className='muted'>结案的举报按教育局的保留规则到期后删除内容和照片，只保留类别、日期和处理结果类别。需要保留的案件请由校长设置法律保全。</Text>
        {data.items.length === 0 && <Text className='muted retention-empty'>没有即将删除的内容。</Text>}
        {data.items.map((i) => (
          <View key={`${i.tipId}:${i.kind}`} className='row retention-item' onClick={() => open(i.tipId)}>
            <Text>{formatDate(i.dueAt)} 删除：{i.kindLabel}</Text>
            <Text className='muted'>{i.closedAt ? `结案于 ${formatDate(i.closedAt)}` : ''} 案件 {i.tipId.slice(0, 8)}</Text>
          </View>
        ))}
      </View>
      {data.held.length > 0 && (
        <View className='card'>
          <Text className='subtitle'>法律保全中</Text>
          {data.held.map((h) => (
            <View key={h.tipId} className='row retention-held' onClick={() => open(h.tipId)}>
              <Text>案件 {h.tipId.slice(0, 8)}</Text>
              <Text className='muted'>自 {formatDate(h.setAt)} 起保全</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

export default function RetentionUpcomingPage() {
  return <Screen>{(me) => <UpcomingBody me={me} />}</Screen>;
}
