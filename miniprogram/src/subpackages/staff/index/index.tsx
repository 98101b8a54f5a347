import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { formatDateTime, Permission, SCHOOL_ROLE_LABELS, type DeliveryAlert, type MeResponse } from '@anxin/shared';
import { deliveryApi } from '../../../api/delivery';
import { Screen } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { hasPermission } from '../../../state/session';
import { managedSchoolId } from '../managed-school';
import { TipAlertSwitch, isAlertingStaff } from './tip-alerts';
import { a11y } from '../../../a11y';

const ENTRIES = [
  { title: '学校看板', hint: '本学期举报、受理用时、超期、家长信阅读和确认情况', url: ROUTES.schoolDashboard, permission: Permission.SCHOOL_DASHBOARD },
  { title: '倾诉信箱', hint: '学生和家长的欺凌举报：受理、回复、处理（教师可转报）', url: ROUTES.staffTips, permission: Permission.TIP_READ },
  { title: '通知与家长信', hint: '写家长信、通知和紧急预警；谁读了、确认了、签了字，一键提醒', url: ROUTES.staffNotices, permission: Permission.NOTICE_READ },
  { title: '防范欺凌承诺书', hint: '每学年的承诺书：发布、改版，哪个班谁还没签，一键提醒，导出台账', url: ROUTES.staffPledges, permission: Permission.PLEDGE_READ },
  { title: '问卷调查', hint: '每学期的匿名防欺凌问卷：发起、打印答题码、答题率和结果（和上学期对比）', url: '/subpackages/staff-surveys/list/index', permission: Permission.SURVEY_READ },
  { title: '防欺凌工作台账', hint: '每学期要做的防欺凌工作：记录班会、讲座、培训和照片，完成情况，导出督导检查材料', url: '/subpackages/staff-ledger/index/index', permission: Permission.LEDGER_READ },
  { title: '绑定审核', hint: '审核家长绑定孩子的申请', url: ROUTES.approvals, permission: Permission.BINDING_DECIDE },
  { title: '班级邀请码', hint: '生成邀请码和二维码，发给家长', url: ROUTES.invites, permission: Permission.INVITE_MANAGE },
  { title: '花名册导入', hint: '上传学校的学生名单 Excel', url: ROUTES.roster, permission: Permission.ROSTER_IMPORT },
  { title: '学校设置', hint: '欺凌防治负责人（姓名、电话）', url: ROUTES.school, permission: Permission.SCHOOL_MANAGE },
  { title: '群机器人', hint: '企业微信群机器人：添加、测试和管理', url: ROUTES.robots, permission: Permission.SCHOOL_MANAGE },
  { title: '紧急呼叫设置', hint: '紧急举报依次呼叫的名单、值班表和呼叫间隔', url: ROUTES.urgentSettings, permission: Permission.SCHOOL_MANAGE },
  { title: '学校开通清单', hint: '负责人、委员会、花名册、教师、海报：还差哪些', url: ROUTES.setupChecklist, permission: Permission.SCHOOL_MANAGE },
  { title: '教职工邀请', hint: '生成邀请码，邀请教师、管理员和委员会成员', url: ROUTES.staffInvites, permission: Permission.STAFF_MANAGE },
  { title: '区县控制台', hint: '添加学校、邀请学校管理员和校长、查看各校开通进度', url: ROUTES.districtConsole, permission: Permission.DISTRICT_MANAGE },
  { title: '区县值班电话', hint: '各校紧急呼叫名单最后呼叫的区县值班电话', url: ROUTES.districtDuty, permission: Permission.DISTRICT_MANAGE },
  { title: '区级看板', hint: '各校举报、受理、超期、开通和家长信情况，督导提示', url: ROUTES.districtDashboard, permission: Permission.DISTRICT_READ },
  { title: '各校工作台账', hint: '各校防欺凌工作的完成情况，修改本区的工作清单', url: '/subpackages/district/ledger/index', permission: Permission.DISTRICT_READ },
];

/**
 * 消息送达 on the staff home, for the school admin and principal: the open delivery problems (messages WeChat did not
 * deliver or delivered late, a designated contact WeChat cannot reach), so a tip alert that never reached the contact
 * does not go unnoticed; the entry to the delivery page, which shows how each kind of message went out and why.
 */
export function DeliveryHealth(props: { schoolId: string }) {
  const [alerts, setAlerts] = useState<DeliveryAlert[] | null>(null);
  useEffect(() => {
    deliveryApi.alerts(props.schoolId).then((page) => setAlerts(page.items.filter((a) => !a.resolvedAt)), () => setAlerts([]));
  }, [props.schoolId]);
  return (
    <View className='card delivery-health'>
      <Text className='entry-title'>消息送达</Text>
      {alerts === null && <Text className='muted'>正在检查…</Text>}
      {alerts !== null && alerts.length === 0 && <Text className='muted'>目前没有未解决的送达问题。</Text>}
      {alerts !== null && alerts.length > 0 && (
        <View>
          <Text className='warning'>有 {alerts.length} 个送达问题未解决：</Text>
          {alerts.slice(0, 5).map((a) => (
            <View key={a.id} className='alert-row'>
              <Text>{a.title}</Text>
              <Text className='muted'>{formatDateTime(a.createdAt)} · {a.body}</Text>
            </View>
          ))}
        </View>
      )}
      <Button className='btn small' onClick={() => void openPage(ROUTES.delivery)}>查看各类消息的送达情况</Button>
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
