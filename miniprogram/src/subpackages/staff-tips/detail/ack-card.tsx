import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { TIP_LIMITS, type TipDetail } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';
import { ActionError } from '../../../components/ActionError';
import type { TipAlertTopUp } from './tip-alert-top-up';
import type { CaseActions } from './use-case-actions';

/** 受理: acknowledging starts the investigation clock and tells the reporter 已受理 (optionally with a first message). */
export function AckCard(props: { tip: TipDetail; actions: CaseActions; alerts: TipAlertTopUp }) {
  const { tip, actions, alerts } = props;
  const [message, setMessage] = useState('');
  const ack = () => {
    // WeChat's consent dialog opens only inside a tap, before anything is awaited: ask first, then acknowledge.
    void alerts.askIfLow();
    void actions.run('ack', () => tipsApi.ack(tip.id, message.trim() ? { message: message.trim() } : {}), '已受理').then((ok) => ok && setMessage(''));
  };
  return (
    <View className='card ack-card'>
      <Text className='subtitle'>受理这条举报</Text>
      <Text className='muted'>受理后举报人会看到“已受理”，调查期限开始计算。</Text>
      <Input className='input ack-message' value={message} maxlength={TIP_LIMITS.messageMax} placeholder='给举报人的第一句话（选填），例如：已收到，我们会尽快处理' onInput={(e) => setMessage(e.detail.value)} />
      <Button className='btn primary ack-tip' disabled={actions.busy !== null || undefined} onClick={ack}>受理</Button>
      <ActionError error={actions.errors.ack} />
    </View>
  );
}
