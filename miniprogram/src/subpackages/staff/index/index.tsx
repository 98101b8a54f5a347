import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Permission, ROLE_PERMISSIONS, SCHOOL_ROLE_LABELS, type DeliveryAlert, type MeResponse } from '@anxin/shared';
import { deliveryApi } from '../../../api/delivery';
import { errorText } from '../../../api/client';
import { formatTime } from '../../../format';
import { Screen, toast } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { hasPermission } from '../../../state/session';
import { TipAlertSwitch, isAlertingStaff } from './tip-alerts';
import { a11y } from '../../../a11y';

const ENTRIES = [
  { title: '倾诉信箱', hint: '学生和家长的欺凌举报：受理、回复、处理（教师可转报）', url: ROUTES.staffTips, permission: Permission.TIP_READ },
  { title: '绑定审核', hint: '审核家长绑定孩子的申请', url: ROUTES.approvals, permission: Permission.BINDING_DECIDE },
  { title: '班级邀请码', hint: '生成邀请码和二维码，发给家长', url: ROUTES.invites, permission: Permission.INVITE_MANAGE },
  { title: '花名册导入', hint: '上传学校的学生名单 Excel', url: ROUTES.roster, permission: Permission.ROSTER_IMPORT },
  { title: '学校设置', hint: '欺凌防治负责人（姓名、电话）', url: ROUTES.school, permission: Permission.SCHOOL_MANAGE },
];

/** The school whose delivery health this user looks after (a school role with SCHOOL_MANAGE), if any. */
function managedSchoolId(me: MeResponse): string | null {
  return me.roles.find((r) => r.schoolId && ROLE_PERMISSIONS[r.role]?.includes(Permission.SCHOOL_MANAGE))?.schoolId ?? null;
}

/**
 * Messages WeChat did not deliver in time (refused, undeliverable, late) are shown to the school admin here, so a
 * tip notification that never reached the contact does not go unnoticed. A test message checks the channel.
 */
export function DeliveryHealth(props: { schoolId: string }) {
  const [alerts, setAlerts] = useState<DeliveryAlert[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    deliveryApi.alerts(props.schoolId).then((page) => setAlerts(page.items.filter((a) => !a.resolvedAt)), () => setAlerts([]));
  }, [props.schoolId]);
  const sendTest = async () => {
    setBusy(true);
    try {
      await deliveryApi.sendTest(props.schoolId);
      toast('测试消息已发出，请到「消息」查看', 'success');
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='card delivery-health'>
      <Text className='entry-title'>消息送达</Text>
      {alerts === null && <Text className='muted'>正在检查…</Text>}
      {alerts !== null && alerts.length === 0 && <Text className='muted'>近期消息均已送达。</Text>}
      {alerts !== null && alerts.length > 0 && (
        <View>
          <Text className='warning'>有 {alerts.length} 条消息未能按时送达，相关人员可在「消息」中查看。</Text>
          {alerts.slice(0, 5).map((a) => (
            <View key={a.id} className='alert-row'>
              <Text>{a.title}</Text>
              <Text className='muted'>{formatTime(a.createdAt)} · {a.body}</Text>
            </View>
          ))}
        </View>
      )}
      <Button className='btn small' disabled={busy || undefined} onClick={() => void sendTest()}>给自己发一条测试消息</Button>
    </View>
  );
}

export function StaffHomeBody(props: { me: MeResponse }) {
  const { me } = props;
  const entries = ENTRIES.filter((e) => hasPermission(me, e.permission));
  const schoolId = managedSchoolId(me);
  return (
    <View>
      <View className='card'>
        <Text className='title'>教职工工作台</Text>
        {me.roles.map((r, i) => (
          <Text key={i} className='muted'>{SCHOOL_ROLE_LABELS[r.role]} · {r.schoolName ?? r.districtName ?? ''}</Text>
        ))}
      </View>
      {isAlertingStaff(me) && <TipAlertSwitch />}
      {schoolId && <DeliveryHealth schoolId={schoolId} />}
      {entries.map((e) => (
        <View key={e.url} className='entry' {...a11y({ role: 'button' })} onClick={() => void openPage(e.url)}>
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
