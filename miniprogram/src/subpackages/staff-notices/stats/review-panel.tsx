import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { formatDateTime, NOTICE_REVIEW_DECISION_LABELS, NOTICE_REVIEW_LIMITS, Permission, type MeResponse, type NoticeStaffDetail } from '@anxin/shared';
import { noticesApi } from '../../../api/notices';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { hasPermission } from '../../../state/session';

/**
 * The principal's review mark: WeChat's content check marked the notice 需人工复核 and it went out. The principal
 * keeps it (the mark is cleared) or recalls it, the note being the reason guardians read; everyone else sees that it
 * waits, and afterwards what the principal decided.
 */
export function ReviewPanel(props: { me: MeResponse; notice: NoticeStaffDetail; onChanged: (d: NoticeStaffDetail) => void }) {
  const n = props.notice;
  const [note, setNote] = useState('');
  const action = useAction();
  if (n.review) {
    return (
      <View className='review-box done'>
        <Text className='p'>{NOTICE_REVIEW_DECISION_LABELS[n.review.decision]}（{n.review.by.name}，{formatDateTime(n.review.at)}）</Text>
        {n.review.note && n.review.decision === 'keep' && <Text className='muted'>说明：{n.review.note}</Text>}
      </View>
    );
  }
  if (!n.needsPrincipalReview) return null;
  const principal = hasPermission(props.me, Permission.NOTICE_REVIEW);
  const decide = async (decision: 'keep' | 'recall') => {
    const text = note.trim();
    if (decision === 'recall' && !text) return action.refuse('撤回时请填写原因，家长会看到这段话');
    await action.run(async () => {
      props.onChanged(await noticesApi.review(n.id, { decision, ...(text ? { note: text } : {}) }));
    }, { done: decision === 'keep' ? '已保留' : '已撤回' });
  };
  return (
    <View className='review-box'>
      <Text className='p'>微信内容安全检查把这条通知标为“需人工复核”。通知已经发出，{principal ? '请您查看内容是否妥当。' : '等待校长查看。'}</Text>
      {principal && (
        <View className='field'>
          <Input className='input review-note' value={note} maxlength={NOTICE_REVIEW_LIMITS.noteMax} placeholder='说明（撤回时必填，家长会看到）' onInput={(e) => setNote(e.detail.value)} />
          <ActionError error={action.error} />
          <View className='btn-row'>
            <Button className='btn' disabled={action.busy || undefined} onClick={() => void decide('keep')}>内容妥当，保留</Button>
            <Button className='btn danger' disabled={action.busy || undefined} onClick={() => void decide('recall')}>撤回通知</Button>
          </View>
        </View>
      )}
    </View>
  );
}
