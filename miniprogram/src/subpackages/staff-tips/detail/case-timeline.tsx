import { Text, View } from '@tarojs/components';
import { auditActionLabel, formatDateTime, type TipDetail } from '@anxin/shared';
import { timelineText } from '../tip-staff';
import { groupTimeline } from './timeline-groups';

/** 处理记录: the case's audit entries in order, repeated reads grouped per person. */
export function CaseTimeline(props: { tip: TipDetail }) {
  const rows = groupTimeline(props.tip.timeline);
  // A reopening's reason is kept encrypted with the case, not in the audit entry: shown from the case.
  const reason = (details: Record<string, unknown>) => props.tip.reopenings.find((x) => x.id === details.reopeningId)?.reason;
  return (
    <View className='card timeline'>
      <Text className='subtitle'>处理记录</Text>
      {rows.map((r, i) => (
        <View key={i} className='row'>
          {r.kind === 'event' ? (
            <View className='row-main'>
              <Text className='p'>{timelineText(r.event)}{r.event.action === 'tip.reopened' && reason(r.event.details) ? `：${reason(r.event.details)}` : ''}</Text>
              <Text className='muted'>{formatDateTime(r.event.at)}{r.event.actor ? ` · ${r.event.actor}` : ''}</Text>
            </View>
          ) : (
            <View className='row-main timeline-views'>
              <Text className='p'>{r.actor ?? '（未知）'} {auditActionLabel(r.action)} {r.count} 次</Text>
              <Text className='muted'>最近 {formatDateTime(r.last)}</Text>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
