import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { TIP_LIMITS, type TipDetail } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';
import { ActionError } from '../../../components/ActionError';
import type { CaseActions } from './use-case-actions';

/**
 * 重新打开案件: a closed case whose reporter wrote again, or where something new came to light. The reason is
 * required and kept in the case history; the reporter sees the case as being handled again.
 */
export function ReopenCard(props: { tip: TipDetail; actions: CaseActions }) {
  const { tip, actions } = props;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const confirm = () => {
    if (!reason.trim()) return actions.fail('reopen', '请写明重新打开的原因');
    void actions.run('reopen', () => tipsApi.reopen(tip.id, { version: tip.version, reason: reason.trim() }), '已重新打开').then((ok) => {
      if (ok) {
        setOpen(false);
        setReason('');
      }
    });
  };
  return (
    <View className='card reopen-card'>
      <Text className='subtitle'>重新打开案件</Text>
      <Text className='muted'>重新打开后状态变为“调查中”，重新计算调查期限；举报人会看到学校重新处理此事。原因会记入处理记录。</Text>
      {!open && <Button className='btn open-reopen' onClick={() => setOpen(true)}>重新打开案件</Button>}
      {open && (
        <View>
          <Text className='label'>重新打开的原因（必填）</Text>
          <Textarea className='input textarea reopen-reason' value={reason} maxlength={TIP_LIMITS.reopenReasonMax} autoHeight placeholder='例如：举报人结案后留言说欺凌又发生了' onInput={(e) => setReason(e.detail.value)} />
          <View className='btn-row'>
            <Button className='btn primary confirm-reopen' disabled={actions.busy !== null || undefined} onClick={confirm}>确认重新打开</Button>
            <Button className='btn' onClick={() => setOpen(false)}>取消</Button>
          </View>
        </View>
      )}
      <ActionError error={actions.errors.reopen} />
    </View>
  );
}
