import { Text, View } from '@tarojs/components';
import type { MeResponse } from '@anxin/shared';
import { ContactCard, EmergencyNumbers } from '../../components/ContactCard';
import { useOnShow } from '../../components/Screen';
import { ROUTES, openPage } from '../../routes';
import { useSchoolCard } from '../../state/school-card';
import { refreshUnread, useUnread } from '../../state/unread';
import { resolveTipSchool } from '../tips/tip-school';
import { Entry } from './home-entry';

/**
 * 首页 of a student: the tip box first (write, or 我现在有危险), coming back to a report with its receipt, and the help
 * numbers (110, 12355, the school's anti-bullying contact). Receipts are never kept on the device, so the follow-up
 * asks for one. The school is the one this device used for the tip box before, or is found there by class invite code.
 */
export function StudentHome(props: { me: MeResponse; onGuardian?: () => void }) {
  const school = resolveTipSchool({}, props.me);
  const { card, cachedAt, loading } = useSchoolCard(school?.id ?? null, { fetch: true });
  const unread = useUnread();
  useOnShow(() => void refreshUnread());
  const query = school ? `?schoolId=${encodeURIComponent(school.id)}&schoolName=${encodeURIComponent(card?.name || school.name)}` : '';

  return (
    <View className='student-home'>
      <View className='card'>
        <Text className='school-name'>{card?.name || school?.name || '倾诉信箱'}</Text>
        <Text className='muted'>遇到欺凌，不是你的错。说出来，学校会帮你。学校看不到你是谁。</Text>
      </View>
      <Entry className='tip' title='我要倾诉/举报' hint='匿名提交，学校看不到你是谁' onTap={() => void openPage(`${ROUTES.tips}${query}`)} />
      <Entry className='danger-entry' title='我现在有危险' hint='马上打电话求助：110、12355、学校负责人' onTap={() => void openPage(`${ROUTES.tips}${query ? `${query}&` : '?'}danger=1`)} />
      <Entry
        className='followup-entry'
        title='我有回执码（查看学校回复）'
        hint='用提交时得到的回执码，看处理进度和老师的回复，也可以继续留言'
        onTap={() => void openPage(school ? `${ROUTES.tipFollowup}${query}` : ROUTES.tips)}
      />
      <Entry
        title={unread > 0 ? `消息（${unread} 条未读）` : '消息'}
        hint='学校和系统发给你的消息'
        onTap={() => void openPage(ROUTES.inbox)}
      />
      <EmergencyNumbers />
      {card && <ContactCard card={card} offlineSince={loading ? null : cachedAt} />}
      {props.onGuardian && <Entry className='switch-audience' title='我是家长' hint='家长的首页：绑定孩子、学校通知' onTap={props.onGuardian} />}
    </View>
  );
}
