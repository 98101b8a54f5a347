import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { MeResponse } from '@anxin/shared';
import { errorText } from '../../api/client';
import { ContactCard } from '../../components/ContactCard';
import { useOnShow } from '../../components/Screen';
import { ROUTES, openPage } from '../../routes';
import { useSchoolCard } from '../../state/school-card';
import { currentSchool, isStaff, loadMe } from '../../state/session';
import { refreshUnread, useUnread } from '../../state/unread';
import { refreshGuardianNotices, useGuardianNotices } from '../../state/guardian-notices';
import { pledgeTodos, refreshGuardianPledges, useGuardianPledges } from '../../state/guardian-pledges';
import { Entry } from './home-entry';
import { PinnedWarnings } from './pinned-warnings';
import { PledgeTodos } from './pledge-todos';

/** 首页 of a guardian (and of school staff, who reach their workbench from here): the child's school and its contact. */
export function GuardianHome(props: { me: MeResponse; onStudent?: () => void }) {
  const { me } = props;
  const school = currentSchool(me);
  // Kept on the device once seen, so the danger screen can show the contact without a network or a session.
  const { card, cachedAt, loading, error } = useSchoolCard(school?.id ?? null, { fetch: true });
  const unread = useUnread();
  const notices = useGuardianNotices();
  const pledges = useGuardianPledges();
  const hasChildren = me.students.some((s) => s.status === 'approved');

  useOnShow(() => {
    void refreshUnread();
    void refreshGuardianNotices();
    if (hasChildren) void refreshGuardianPledges();
  });
  // Shown again (tab switch, back): a binding approved meanwhile changes which school this page is about.
  useDidShow(() => void loadMe(true));
  const schoolQuery = school ? `?schoolId=${encodeURIComponent(school.id)}` : '';

  return (
    <View>
      <PinnedWarnings items={notices.pinned} />
      {hasChildren && <PledgeTodos items={pledgeTodos(pledges)} />}
      <View className='card'>
        {school ? (
          <Text className='school-name'>{card?.name ?? school.name}</Text>
        ) : (
          <View>
            <Text className='school-name'>安心家校</Text>
            <Text className='muted'>绑定孩子后，这里会显示孩子的学校和防欺凌负责人。</Text>
          </View>
        )}
        <Text className='muted'>{me.displayName}，您好</Text>
      </View>

      {error && !card ? <Text className='error-text'>{errorText(error)}</Text> : null}
      {card && <ContactCard card={card} offlineSince={loading ? null : cachedAt} />}

      <Entry
        className='tip'
        title='我要倾诉/举报'
        hint='匿名提交，学校看不到你是谁'
        onTap={() => void openPage(`${ROUTES.tips}${schoolQuery}`)}
      />
      <Entry title='通知与家长信' hint='学校发给家长的通知、家长信和紧急预警' badge={notices.unread} onTap={() => void openPage(ROUTES.notices)} />
      <Entry title='承诺书' hint='防范校园欺凌承诺书：阅读、签字、保存签署副本' onTap={() => void openPage(ROUTES.pledges)} />
      <Entry title='家长问卷' hint='学校的防欺凌问卷：匿名汇总，学校看不到哪份是您填的' onTap={() => void openPage('/subpackages/surveys/parent/index')} />
      <Entry
        title={unread > 0 ? `消息（${unread} 条未读）` : '消息'}
        hint='学校和系统发给您的消息'
        onTap={() => void openPage(ROUTES.inbox)}
      />
      {!isStaff(me) && <Entry title='绑定孩子' hint='输入或扫描班级邀请码' onTap={() => void openPage(ROUTES.bind)} />}
      {isStaff(me) && <Entry title='教职工工作台' hint='绑定审核、花名册、邀请码、学校设置' onTap={() => void openPage(ROUTES.staffHome)} />}
      {props.onStudent && <Entry className='switch-audience' title='我是学生' hint='学生的首页：倾诉信箱、查看学校回复、求助电话' onTap={props.onStudent} />}
    </View>
  );
}
