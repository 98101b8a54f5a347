import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  DELIVERY_REASON_LABELS, DELIVERY_VIA_LABELS, formatDateTime, messageKindLabel, SCHOOL_ROLE_LABELS,
  type DeliveryAlert, type DeliveryKindStats, type DeliveryStats, type MeResponse, type SchoolReach, type StaffReach,
} from '@anxin/shared';
import { deliveryApi } from '../../../api/delivery';
import { errorText } from '../../../api/client';
import { Screen, toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { askConsent, pickTemplates, stateOf, useConsentCatalogue } from '../../../state/consent';
import { managedSchoolId } from '../managed-school';

const DAYS = 30;

function staffLine(s: StaffReach): string {
  const roles = s.roles.map((r) => SCHOOL_ROLE_LABELS[r as keyof typeof SCHOOL_ROLE_LABELS] ?? r).join('、');
  const state = !s.alertsOn ? '未开启' : s.longTerm ? '已开启（长期）' : `已开启，还可收到 ${s.credits} 次`;
  return `${s.displayName}（${roles}）：${state}`;
}

/** Whether the staff who get tip alerts can be reached in WeChat now, the designated contact first. */
export function TipAlertReach(props: { reach: SchoolReach | null }) {
  const { reach } = props;
  return (
    <View className='card'>
      <Text className='entry-title'>新举报提醒能否送达</Text>
      {!reach && <Text className='muted'>正在读取…</Text>}
      {reach && (reach.contactReachable
        ? <Text className='muted'>欺凌防治负责人能收到新举报的微信提醒。</Text>
        : <Text className='warning'>欺凌防治负责人现在收不到新举报的微信提醒（未指定负责人，或负责人未开启、提醒次数已用完、在微信中关闭）。新举报只会出现在其「消息」中，请提醒负责人在工作台开启新举报提醒。</Text>)}
      {reach?.staff.map((s) => <Text key={s.userId} className='muted'>{staffLine(s)}</Text>)}
    </View>
  );
}

function kindLines(k: DeliveryKindStats): string[] {
  const parts = [`微信 ${k.wechat}`, `群机器人 ${k.wecomRobot}`, `仅站内 ${k.inboxOnly}`];
  if (k.undelivered) parts.push(`未送达 ${k.undelivered}`);
  if (k.pending) parts.push(`发送中 ${k.pending}`);
  const why = k.counts
    .filter((c) => c.via !== 'wechat' && c.via !== 'pending' && c.reason)
    .map((c) => `${DELIVERY_VIA_LABELS[c.via]}：${DELIVERY_REASON_LABELS[c.reason!]} ${c.count} 条`);
  return [parts.join(' · '), ...why];
}

/** Per message kind: how many went to WeChat, to a group robot, only to the inbox (and why). */
export function DeliveryCounts(props: { stats: DeliveryStats | null; error: string | null }) {
  const { stats, error } = props;
  return (
    <View className='card delivery-counts'>
      <Text className='entry-title'>近 {DAYS} 天各类消息的送达情况</Text>
      {error && <Text className='error-text'>{error}</Text>}
      {!stats && !error && <Text className='muted'>正在读取…</Text>}
      {stats && stats.kinds.length === 0 && <Text className='muted'>近 {DAYS} 天没有消息。</Text>}
      {stats?.kinds.map((k) => (
        <View key={k.kind} className='delivery-kind'>
          <Text className='subtitle'>{messageKindLabel(k.kind)}（共 {k.total} 条）</Text>
          {kindLines(k).map((line) => <Text key={line} className='muted'>{line}</Text>)}
        </View>
      ))}
      <Text className='muted'>「仅站内」的消息，接收人仍能在「消息」中看到，但微信不会提醒他。微信提醒需要接收人事先在小程序里点「允许」，每次允许可收到一条。</Text>
    </View>
  );
}

/**
 * The admin's own WeChat alerts about delivery problems, and a test message. Each button asks WeChat's consent
 * first thing in its tap (the only place WeChat allows it); the test is sent whatever the answer, and its entry in
 * 「消息」 then says whether it went to WeChat.
 */
export function MyDeliveryAlerts(props: { schoolId: string }) {
  const { catalogue, states, setStates } = useConsentCatalogue();
  // Both buttons share one action: either waits for the other.
  const action = useAction();
  const mine = stateOf(states, 'delivery.alert');
  const ask = async (kind: string) => {
    const outcome = await askConsent(pickTemplates(catalogue ?? [], [kind]));
    if (outcome.kind === 'answered') setStates(outcome.states);
    return outcome;
  };
  const turnOn = async () => {
    if (!catalogue) return;
    await action.run(async () => {
      const outcome = await ask('delivery.alert');
      if (outcome.kind === 'unavailable') toast('未能打开订阅提醒，请在微信「设置 → 通知」中允许本小程序发送消息');
      else toast(outcome.results.some((r) => r.result === 'accept') ? '已开启提醒' : '未开启提醒', outcome.results.some((r) => r.result === 'accept') ? 'success' : 'none');
    }, { errors: 'toast' });
  };
  const sendTest = async () => {
    if (!catalogue) return;
    await action.run(async () => {
      await ask('test.message');
      await deliveryApi.sendTest(props.schoolId);
    }, { done: '测试消息已发出，请到「消息」查看它是否通过微信送达', errors: 'toast' });
  };
  let status = '正在读取…';
  if (states) {
    if (!mine?.on) status = '未开启：送达出现问题时，您只能在「消息」和本页看到。';
    else if (mine.longTerm) status = '已开启（长期）：送达出现问题时微信会提醒您。';
    else status = `已开启：还可收到 ${mine.credits} 次送达问题提醒。`;
  }
  return (
    <View className='card'>
      <Text className='entry-title'>我的送达问题提醒</Text>
      <Text className='muted'>{status}</Text>
      <Button className='btn small' disabled={!catalogue || action.busy || undefined} onClick={() => void turnOn()}>
        {mine?.on ? '增加提醒次数' : '开启送达问题提醒'}
      </Button>
      <Button className='btn small' disabled={!catalogue || action.busy || undefined} onClick={() => void sendTest()}>给自己发一条测试消息</Button>
    </View>
  );
}

/** 消息送达: the school admin's page about how the school's messages reach people. */
export function DeliveryBody(props: { me: MeResponse }) {
  const schoolId = managedSchoolId(props.me);
  const [alerts, setAlerts] = useState<DeliveryAlert[] | null>(null);
  const [stats, setStats] = useState<DeliveryStats | null>(null);
  const [statsError, setStatsError] = useState<string | null>(null);
  const [reach, setReach] = useState<SchoolReach | null>(null);
  useEffect(() => {
    if (!schoolId) return;
    deliveryApi.alerts(schoolId).then((page) => setAlerts(page.items.filter((a) => !a.resolvedAt)), () => setAlerts([]));
    deliveryApi.stats(schoolId, DAYS).then(setStats, (e) => setStatsError(errorText(e)));
    deliveryApi.reach(schoolId).then(setReach, () => setReach({ schoolId, contactReachable: false, staff: [] }));
  }, [schoolId]);
  if (!schoolId) {
    return (
      <View className='card'>
        <Text className='muted'>只有学校管理员和校长可以查看消息送达情况。</Text>
      </View>
    );
  }
  return (
    <View>
      <TipAlertReach reach={reach} />
      <View className='card'>
        <Text className='entry-title'>送达问题</Text>
        {alerts === null && <Text className='muted'>正在检查…</Text>}
        {alerts !== null && alerts.length === 0 && <Text className='muted'>目前没有未解决的送达问题。</Text>}
        {alerts?.map((a) => (
          <View key={a.id} className='alert-row'>
            <Text>{a.title}</Text>
            <Text className='muted'>{formatDateTime(a.createdAt)} · {a.body}</Text>
          </View>
        ))}
      </View>
      <DeliveryCounts stats={stats} error={statsError} />
      <MyDeliveryAlerts schoolId={schoolId} />
    </View>
  );
}

export default function DeliveryPage() {
  return <Screen>{(me) => <DeliveryBody me={me} />}</Screen>;
}
