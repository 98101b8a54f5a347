import { Text, View } from '@tarojs/components';
import { BINDING_STATUS_LABELS, RELATION_LABELS, type MeStudent } from '@anxin/shared';
import { GuardianAlerts } from './GuardianAlerts';

export const STATUS_LABELS = BINDING_STATUS_LABELS;

/** The user's bound children with their binding status. */
export function ChildrenList(props: { students: MeStudent[] }) {
  if (!props.students.length) return <Text className='muted'>还没有绑定孩子。</Text>;
  return (
    <View className='children-list'>
      {props.students.map((s) => (
        <View key={s.bindingId} className='row child-row'>
          <View className='row-main'>
            <Text className='p'>{s.studentName}</Text>
            <Text className='muted'>{s.schoolName} {s.className} · {RELATION_LABELS[s.relation]}</Text>
            {s.status === 'rejected' && (
              <Text className='muted reject-reason'>
                {s.rejectReason ? `未通过原因：${s.rejectReason}` : '班主任未通过这次申请'}。如有疑问请联系班主任，或核对后重新申请。
              </Text>
            )}
          </View>
          <Text className={`tag ${s.status}`}>{STATUS_LABELS[s.status]}</Text>
        </View>
      ))}
      {props.students.some((s) => s.status === 'approved') && <GuardianAlerts />}
    </View>
  );
}
