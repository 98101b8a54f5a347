import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { formatDateTime, TIP_LIMITS, type TipDetail } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';
import { ActionError } from '../../../components/ActionError';
import type { CaseActions } from './use-case-actions';

/**
 * The conversation with the reporter, and the reply box for those who handle the case. A closed case can still be
 * answered: its reporter may write again after closing, and the school must not leave them without an answer.
 */
export function CaseThread(props: { tip: TipDetail; actions: CaseActions }) {
  const { tip, actions } = props;
  const [reply, setReply] = useState('');
  const closed = tip.status === 'closed';
  const lastIsReporter = tip.messages.length > 0 && tip.messages[tip.messages.length - 1].from === 'reporter';
  const send = () => {
    if (!reply.trim()) return actions.fail('reply', '请先写回复内容');
    void actions.run('reply', async () => { await tipsApi.message(tip.id, reply.trim()); }, '已发送').then((ok) => ok && setReply(''));
  };
  return (
    <View className='card thread'>
      <Text className='subtitle'>与举报人的对话</Text>
      {tip.messages.length === 0 && <Text className='muted'>还没有消息。</Text>}
      {tip.messages.map((m) => (
        <View key={m.id} className={`bubble ${m.from === 'school' ? 'from-school' : 'from-reporter'}`}>
          <Text className='bubble-who'>{m.from === 'school' ? `学校（${m.author?.name ?? ''}）` : '举报人'} · {formatDateTime(m.at)}</Text>
          <Text className='bubble-body'>{m.body}</Text>
        </View>
      ))}
      {tip.can.handle && (
        <View>
          {closed && (
            <Text className='notice closed-reply-note'>
              {lastIsReporter ? '此案已结案，举报人之后又留了言。' : '此案已结案。'}你仍可以回复举报人；如需继续调查处理，请在下方“重新打开案件”。
            </Text>
          )}
          <Textarea className='input textarea staff-reply' value={reply} maxlength={TIP_LIMITS.messageMax} autoHeight placeholder='回复举报人（举报人用回执码查看；不会显示你的姓名）' onInput={(e) => setReply(e.detail.value)} />
          <Button className='btn primary send-staff-reply' disabled={actions.busy !== null || undefined} onClick={send}>发送给举报人</Button>
          <ActionError error={actions.errors.reply} />
        </View>
      )}
    </View>
  );
}
