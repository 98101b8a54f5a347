import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { formatDate, LEGAL_HOLD_REASON_MAX, type TipDetail } from '@anxin/shared';
import { retentionApi } from '../../../api/retention';
import { useAction } from '../../../components/use-action';

/** The retention line of a case: 将于 yyyy-mm-dd 删除内容 / 法律保全中 / 内容已删除, and (principal, district officer) the legal hold. */
export function retentionLine(tip: TipDetail): string | null {
  const r = tip.retention;
  if (!r) return null;
  if (r.erasedAt) return `内容已于 ${formatDate(r.erasedAt)} 按保留规则删除`;
  if (r.legalHold) return '法律保全中';
  if (r.eraseAt) return `将于 ${formatDate(r.eraseAt)} 删除内容`;
  return null;
}

export function CaseRetention(props: { tip: TipDetail; onChanged: () => void }) {
  const { tip, onChanged } = props;
  const [reason, setReason] = useState('');
  const action = useAction();
  const line = retentionLine(tip);
  const r = tip.retention;
  if (!r || (!line && !r.canHold)) return null;
  const submit = async () => {
    if (!reason.trim()) return action.refuse('请填写原因');
    await action.run(async () => {
      const body = { reason: reason.trim() };
      await (r.legalHold ? retentionApi.liftHold(tip.id, body) : retentionApi.setHold(tip.id, body));
      setReason('');
      onChanged();
    });
  };
  return (
    <View className='card case-retention'>
      <Text className='subtitle'>内容保留</Text>
      {line && <Text className={r.legalHold ? 'notice' : 'muted'}>{line}</Text>}
      {r.canHold && !r.erasedAt && (
        <View>
          <Text className='label'>{r.legalHold ? '解除法律保全的原因' : '设置法律保全的原因（保全期间不删除内容）'}</Text>
          <Textarea className='textarea' value={reason} maxlength={LEGAL_HOLD_REASON_MAX} onInput={(e) => setReason(e.detail.value)} />
          <Text className='muted'>{reason.length}/{LEGAL_HOLD_REASON_MAX}</Text>
          {action.error && <Text className='error-text'>{action.error}</Text>}
          <Button className='btn' disabled={action.busy || undefined} onClick={() => void submit()}>{r.legalHold ? '解除法律保全' : '设置法律保全'}</Button>
        </View>
      )}
    </View>
  );
}
