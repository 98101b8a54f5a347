import { Text, View } from '@tarojs/components';
import { formatDateTime, TIP_STATUS_LABELS, type TipDetail } from '@anxin/shared';

/**
 * 处理结果 of a case: the finding, the outcome report, 已采取措施, what the reporter was told, when it was closed, and
 * each time it was opened again and why. Shown once any of these exists (always on a closed case).
 */
export function CaseOutcome(props: { tip: TipDetail }) {
  const { tip } = props;
  const closed = tip.status === 'closed';
  if (!closed && !tip.decision && !tip.outcome && !tip.measures && tip.reopenings.length === 0) return null;
  return (
    <View className='card case-outcome'>
      <Text className='subtitle'>处理结果</Text>
      {tip.decision && <Text className='p outcome-decision'>调查结论：{TIP_STATUS_LABELS[tip.decision]}{tip.decidedAt ? `（${formatDateTime(tip.decidedAt)}）` : ''}</Text>}
      {closed && <Text className='p'>结案时间：{formatDateTime(tip.closedAt)}</Text>}
      <Text className='label'>处理结果（结案报告）</Text>
      <Text className='p outcome-text'>{tip.outcome || '未填写'}</Text>
      <Text className='label'>已采取措施</Text>
      <Text className='p measures-text'>{tip.measures || '未填写'}</Text>
      {closed && (
        <View>
          <Text className='label'>告知举报人的处理结果</Text>
          <Text className='p reporter-outcome-text'>{tip.reporterOutcome || '未告知（举报人只看到“已结案”）'}</Text>
        </View>
      )}
      {tip.reopenings.map((r) => (
        <Text key={r.id} className='p reopening'>重新打开：{formatDateTime(r.at)} · {r.by.name}：{r.reason}</Text>
      ))}
    </View>
  );
}
