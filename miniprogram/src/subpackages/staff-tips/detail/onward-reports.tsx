import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { formatDateTime, TIP_LIMITS, type TipDetail } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';
import { ActionError } from '../../../components/ActionError';
import type { CaseActions } from './use-case-actions';

/** 续报: reports of the case to the education department, with when, to whom and what. */
export function OnwardReports(props: { tip: TipDetail; actions: CaseActions }) {
  const { tip, actions } = props;
  const [open, setOpen] = useState(false);
  const [recipient, setRecipient] = useState('区教育局');
  const [content, setContent] = useState('');
  const record = () => {
    if (!recipient.trim() || !content.trim()) return actions.fail('report', '请填写报告对象和内容');
    void actions.run('report', async () => { await tipsApi.report(tip.id, { recipient: recipient.trim(), content: content.trim() }); }, '已记录续报').then((ok) => {
      if (ok) {
        setOpen(false);
        setContent('');
      }
    });
  };
  return (
    <View className='card onward-reports'>
      <Text className='subtitle'>续报（向教育部门报告）</Text>
      {tip.reports.length === 0 && <Text className='muted'>还没有续报记录。</Text>}
      {tip.reports.map((r) => (
        <View key={r.id} className='row'>
          <View className='row-main'>
            <Text className='p'>{formatDateTime(r.reportedAt)} · {r.recipient} · {r.by.name}</Text>
            <Text className='muted'>{r.content}</Text>
          </View>
        </View>
      ))}
      {tip.can.handle && !open && <Button className='btn small' onClick={() => setOpen(true)}>新增续报</Button>}
      {tip.can.handle && open && (
        <View>
          <Text className='label'>报告对象和方式</Text>
          <Input className='input report-recipient' value={recipient} maxlength={TIP_LIMITS.onwardRecipientMax} placeholder='例如：区教育局安全科（电话）' onInput={(e) => setRecipient(e.detail.value)} />
          <Text className='label'>报告内容</Text>
          <Textarea className='input textarea report-content' value={content} maxlength={TIP_LIMITS.onwardContentMax} autoHeight placeholder='时间、地点、起因、经过、涉及人员、已采取措施' onInput={(e) => setContent(e.detail.value)} />
          <View className='btn-row'>
            <Button className='btn primary record-report' disabled={actions.busy !== null || undefined} onClick={record}>记录续报</Button>
            <Button className='btn' onClick={() => setOpen(false)}>取消</Button>
          </View>
        </View>
      )}
      <ActionError error={actions.errors.report} />
    </View>
  );
}
