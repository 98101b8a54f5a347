import { Button, Switch, Text, View } from '@tarojs/components';
import { Permission, SCHOOL_ROLE_LABELS, type MeResponse } from '@anxin/shared';
import { ChildrenList } from '../../components/ChildrenList';
import { Screen, useOnShow } from '../../components/Screen';
import { ROUTES, openPage } from '../../routes';
import { setElderMode, useElderMode } from '../../state/prefs';
import { hasPermission, isStaff, loadMe, signOut } from '../../state/session';
import { a11y } from '../../a11y';

export function ElderModeSwitch() {
  const elder = useElderMode();
  return (
    <View className='row elder-row' onClick={() => setElderMode(!elder)} {...a11y({ role: 'switch', checked: elder })}>
      <View className='row-main'>
        <Text className='p'>长辈模式</Text>
        <Text className='muted'>字更大、对比更强、按钮更大</Text>
      </View>
      <Switch className='switch' checked={elder} color='#1f6f5c' onClick={(e) => e.stopPropagation()} onChange={(e) => setElderMode(e.detail.value)} />
    </View>
  );
}

export function MineBody(props: { me: MeResponse }) {
  const { me } = props;
  useOnShow(() => void loadMe(true));
  return (
    <View>
      <View className='card'>
        <Text className='title'>{me.displayName}</Text>
        {me.roles.map((r, i) => (
          <Text key={i} className='muted'>{SCHOOL_ROLE_LABELS[r.role]} · {r.schoolName ?? r.districtName ?? ''}</Text>
        ))}
      </View>

      {!isStaff(me) && (
        <View className='card'>
          <Text className='title'>我的孩子</Text>
          <ChildrenList students={me.students} />
          <Button className='btn primary' onClick={() => void openPage(ROUTES.bind)}>绑定孩子</Button>
        </View>
      )}

      {isStaff(me) && (
        <View className='card'>
          <Button className='btn primary' onClick={() => void openPage(ROUTES.staffHome)}>教职工工作台</Button>
        </View>
      )}

      <View className='card'>
        <View className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(ROUTES.invite)}>
          <View className='row-main'>
            <Text className='p'>输入邀请码</Text>
            <Text className='muted'>教职工和教育局工作人员：用收到的邀请码加入</Text>
          </View>
          <Text>›</Text>
        </View>
        {isStaff(me) && (
          <View className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(ROUTES.browserSessions)}>
            <View className='row-main'>
              <Text className='p'>已登录的电脑</Text>
              <Text className='muted'>用微信扫码登录过的电脑，可在这里退出</Text>
            </View>
            <Text>›</Text>
          </View>
        )}
        <ElderModeSwitch />
        <View className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(ROUTES.myData)}>
          <View className='row-main'>
            <Text className='p'>个人信息与隐私</Text>
            <Text className='muted'>查看和下载我的数据、更正、撤回同意、注销账号</Text>
          </View>
          <Text>›</Text>
        </View>
        {hasPermission(me, Permission.SCHOOL_MANAGE) && (
          <View className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(ROUTES.childDataOfficer)}>
            <View className='row-main'>
              <Text className='p'>儿童个人信息保护负责人</Text>
              <Text className='muted'>校长和学校管理员设置，家长在隐私政策页面可见</Text>
            </View>
            <Text>›</Text>
          </View>
        )}
        <View className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(ROUTES.privacy)}>
          <Text className='p'>隐私保护指引</Text>
          <Text>›</Text>
        </View>
      </View>

      <Button className='btn danger' onClick={() => void signOut()}>退出登录</Button>
    </View>
  );
}

export default function MinePage() {
  return <Screen>{(me) => <MineBody me={me} />}</Screen>;
}
