import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  currentDeadline, deadlineText, formatDateTime, TIP_CATEGORY_LABELS, TIP_STATUS_LABELS, type DistrictTipOverview, type MeResponse,
} from '@anxin/shared';
import { errorText } from '../../api/client';
import { tipsApi } from '../../api/tips';
import { useOnShow } from '../../components/Screen';
import { ROUTES, openPage } from '../../routes';
import { refreshUnread, useUnread } from '../../state/unread';
import { a11y } from '../../a11y';
import { Entry } from './home-entry';

/**
 * 首页 of a district officer (教育局): the open cases escalated to the district (most urgent first; opening one is
 * audited), the district's schools (each opens its tip list: the escalated cases), and the district dashboard, where
 * every school's figures are (counts only, small ones as '<3').
 */
export function DistrictHome(props: { me: MeResponse }) {
  const role = props.me.roles.find((r) => r.role === 'district_officer' && r.districtId);
  const [overview, setOverview] = useState<DistrictTipOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  const unread = useUnread();
  useOnShow(() => {
    void refreshUnread();
    if (!role?.districtId) return;
    setNow(new Date());
    tipsApi.districtOverview(role.districtId).then((o) => {
      setOverview(o);
      setError(null);
    }, (e) => setError(errorText(e)));
  });
  const schoolName = (id: string) => overview?.schools.find((s) => s.schoolId === id)?.schoolName ?? '';

  return (
    <View className='district-home'>
      <View className='card'>
        <Text className='school-name'>{role?.districtName ?? '教育局'}</Text>
        <Text className='muted'>{props.me.displayName}，您好</Text>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!overview && !error && <Text className='muted center'>加载中…</Text>}
      {overview && (
        <View className='card escalated-cases'>
          <Text className='subtitle'>升级到教育局的举报（{overview.escalated.length}）</Text>
          {overview.escalated.length === 0 && <Text className='muted'>目前没有升级到教育局、尚未结案的举报。</Text>}
          {overview.escalated.map((t) => {
            const d = currentDeadline(t);
            const left = d ? deadlineText(d.due, now) : null;
            return (
              <View key={t.id} className={`row tip-row${t.inDanger ? ' urgent' : ''}`} {...a11y({ role: 'button' })} onClick={() => void openPage(`${ROUTES.staffTipDetail}?id=${encodeURIComponent(t.id)}`)}>
                <View className='row-main'>
                  <Text className='subtitle'>{schoolName(t.schoolId)} · {TIP_CATEGORY_LABELS[t.category]}</Text>
                  <Text className='muted'>{TIP_STATUS_LABELS[t.status]}{t.inDanger ? ' · 有危险' : ''}{t.overdue ? ' · 已超期' : ''} · 提交于 {formatDateTime(t.submittedAt)}</Text>
                  {d && left && <Text className={left.late ? 'field-error' : 'muted'}>{d.label}：{left.text}</Text>}
                </View>
                <Text>›</Text>
              </View>
            );
          })}
        </View>
      )}
      {overview && (
        <View className='card district-schools'>
          <Text className='subtitle'>本区学校（{overview.schools.length}）</Text>
          {overview.schools.length === 0 && <Text className='muted'>本区还没有学校。</Text>}
          {overview.schools.map((s) => (
            <View
              key={s.schoolId}
              className='row'
              {...a11y({ role: 'button' })}
              onClick={() => void openPage(`${ROUTES.staffTips}?schoolId=${encodeURIComponent(s.schoolId)}&schoolName=${encodeURIComponent(s.schoolName)}`)}
            >
              <View className='row-main'>
                <Text className='subtitle'>{s.schoolName}</Text>
                <Text className='muted'>查看升级到教育局的举报</Text>
              </View>
              <Text>›</Text>
            </View>
          ))}
        </View>
      )}
      <Entry title='区级看板' hint='各校本学期举报、受理、超期、开通和家长信情况，督导提示' onTap={() => void openPage(ROUTES.districtDashboard)} />
      <Entry title={unread > 0 ? `消息（${unread} 条未读）` : '消息'} hint='升级提醒、审计摘要等消息' onTap={() => void openPage(ROUTES.inbox)} />
      <Entry title='教职工工作台' hint='倾诉信箱、本区学校' onTap={() => void openPage(ROUTES.staffHome)} />
    </View>
  );
}
