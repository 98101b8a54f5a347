import { Text, View } from '@tarojs/components';
import { Permission, SCHOOL_ROLE_LABELS, type MeResponse } from '@anxin/shared';
import { Screen } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { hasPermission } from '../../../state/session';

const ENTRIES = [
  { title: '倾诉信箱', hint: '学生和家长的欺凌举报：受理、回复、处理（教师可转报）', url: ROUTES.staffTips, permission: Permission.TIP_READ },
  { title: '绑定审核', hint: '审核家长绑定孩子的申请', url: ROUTES.approvals, permission: Permission.BINDING_DECIDE },
  { title: '班级邀请码', hint: '生成邀请码和二维码，发给家长', url: ROUTES.invites, permission: Permission.INVITE_MANAGE },
  { title: '花名册导入', hint: '上传学校的学生名单 Excel', url: ROUTES.roster, permission: Permission.ROSTER_IMPORT },
  { title: '学校设置', hint: '欺凌防治负责人（姓名、电话）', url: ROUTES.school, permission: Permission.SCHOOL_MANAGE },
];

export function StaffHomeBody(props: { me: MeResponse }) {
  const { me } = props;
  const entries = ENTRIES.filter((e) => hasPermission(me, e.permission));
  return (
    <View>
      <View className='card'>
        <Text className='title'>教职工工作台</Text>
        {me.roles.map((r, i) => (
          <Text key={i} className='muted'>{SCHOOL_ROLE_LABELS[r.role]} · {r.schoolName ?? r.districtName ?? ''}</Text>
        ))}
      </View>
      {entries.map((e) => (
        <View key={e.url} className='entry' role='button' onClick={() => void openPage(e.url)}>
          <View>
            <Text className='entry-title'>{e.title}</Text>
            <Text className='muted'>{e.hint}</Text>
          </View>
          <Text>›</Text>
        </View>
      ))}
      {entries.length === 0 && (
        <View className='card'>
          <Text className='muted'>您的身份暂时没有需要在这里处理的事项。</Text>
        </View>
      )}
    </View>
  );
}

export default function StaffHomePage() {
  return <Screen>{(me) => <StaffHomeBody me={me} />}</Screen>;
}
