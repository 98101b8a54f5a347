import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { formatDateTime, TIP_NOTE_LIMITS, type TipNote } from '@anxin/shared';
import { tipNotesApi } from '../../../api/tip-notes';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import './internal.css';

/** The notes of a case, oldest first, and the box to add one. A note is never changed: a correction is a new note. */
export function InternalNotes(props: { tipId: string; notes: TipNote[]; canWrite: boolean; onAdded: (n: TipNote) => void }) {
  const { tipId, notes, canWrite, onAdded } = props;
  const [body, setBody] = useState('');
  const action = useAction();
  const add = async () => {
    if (!body.trim()) return action.refuse('请填写备注内容');
    await action.run(async () => {
      onAdded(await tipNotesApi.addNote(tipId, { body: body.trim() }));
      setBody('');
    }, { done: '已添加备注' });
  };
  return (
    <View className='internal-notes'>
      <Text className='label'>备注</Text>
      {notes.length === 0 && <Text className='muted'>还没有内部备注。</Text>}
      {notes.map((n) => (
        <View key={n.id} className='note-row'>
          <Text className='p note-body'>{n.body}</Text>
          <Text className='muted'>{formatDateTime(n.at)} · {n.author.name}</Text>
        </View>
      ))}
      {canWrite && (
        <View>
          <Textarea className='input textarea note-input' value={body} maxlength={TIP_NOTE_LIMITS.noteMax} autoHeight placeholder='只有能查看此案的老师看得到，举报人看不到' onInput={(e) => setBody(e.detail.value)} />
          <Text className='muted'>备注添加后不能修改或删除；如需更正，请再添加一条。</Text>
          <Button className='btn primary add-note' disabled={action.busy || undefined} onClick={() => void add()}>添加备注</Button>
        </View>
      )}
      <ActionError error={action.error} />
    </View>
  );
}
