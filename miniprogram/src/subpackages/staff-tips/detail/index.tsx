import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { MeResponse, TipDetail } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { tipsApi } from '../../../api/tips';
import { Screen, useOnShow } from '../../../components/Screen';
import { AckCard } from './ack-card';
import { CallDownCard } from './call-down-card';
import { CaseContent } from './case-content';
import { CaseHeader } from './case-header';
import { CaseInfoCard } from './case-info-card';
import { CaseRetention } from './case-retention';
import { CaseInternal } from './case-internal';
import { CaseOutcome } from './case-outcome';
import { CaseRedaction } from './case-redaction';
import { CaseThread } from './case-thread';
import { CaseTimeline } from './case-timeline';
import { OnwardReports } from './onward-reports';
import { ReopenCard } from './reopen-card';
import { StatusCard } from './status-card';
import { useTipAlertTopUp } from './tip-alert-top-up';
import { TriageCard } from './triage-card';
import { useCaseActions } from './use-case-actions';
import '../staff-tips.css';

/**
 * A tip's case page (staff). Opening it reads the content, which the server records in the audit chain. What the
 * caller may do comes from the server (`tip.can`), decided by the same rule that let them open it. Each part of the
 * page is its own component; every action shows its error beside its own button.
 */
export function StaffTipDetailBody(_props: { me: MeResponse }) {
  const id = useRouter().params?.id ?? '';
  const [tip, setTip] = useState<TipDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());

  const show = (t: TipDetail) => {
    setTip(t);
    setNow(new Date());
  };
  const load = async () => {
    if (!id) return;
    try {
      show(await tipsApi.detail(id));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const actions = useCaseActions(show, load);
  const alerts = useTipAlertTopUp(!!tip && tip.status === 'new' && tip.can.handle);
  useOnShow(() => void load());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);

  if (!id) return <Text className='error-text'>没有指定举报</Text>;
  if (error && !tip) {
    return (
      <View className='card'>
        <Text className='error-text'>{error}</Text>
        <Button className='btn' onClick={() => void load()}>重试</Button>
      </View>
    );
  }
  if (!tip) return <Text className='muted center'>加载中…</Text>;

  return (
    <View className='staff-tip-detail'>
      <CaseHeader tip={tip} now={now} />
      {alerts.note && <Text className='notice tip-alert-note'>{alerts.note}</Text>}
      {tip.status === 'new' && tip.can.handle && <AckCard tip={tip} actions={actions} alerts={alerts} />}
      <CallDownCard tip={tip} />
      <CaseContent tip={tip} />
      <CaseRedaction tip={tip} onChanged={() => void load()} />
      <CaseThread tip={tip} actions={actions} />
      <CaseInternal tip={tip} />
      <StatusCard tip={tip} actions={actions} />
      <TriageCard tip={tip} onChanged={() => void load()} />
      <CaseOutcome tip={tip} />
      <CaseRetention tip={tip} onChanged={() => void load()} />
      {tip.status === 'closed' && tip.can.handle && <ReopenCard tip={tip} actions={actions} />}
      <CaseInfoCard tip={tip} actions={actions} />
      <OnwardReports tip={tip} actions={actions} />
      <CaseTimeline tip={tip} />
    </View>
  );
}

export default function StaffTipDetailPage() {
  return <Screen>{(me) => <StaffTipDetailBody me={me} />}</Screen>;
}
