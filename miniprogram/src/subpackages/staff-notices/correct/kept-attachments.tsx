import { Text, View } from '@tarojs/components';
import type { NoticeAttachment } from '@anxin/shared';
import { a11y } from '../../../a11y';
import { fileSizeText } from '../../../components/NoticeAttachmentList';
import '../../../components/notice-attachments.css';

const KIND_LABELS: Record<NoticeAttachment['kind'], string> = { image: '图片', pdf: 'PDF' };

/**
 * The corrected notice's files, each with a tick: ticked ones go out with the correction (as its own copies, the
 * originals stay with the original notice). All are ticked to begin with; `onToggle` decides (a picture the body
 * shows stays, correction-state.ts's toggleKept).
 */
export function KeptAttachments(props: { files: NoticeAttachment[]; kept: string[]; onToggle: (id: string) => void }) {
  if (!props.files.length) return null;
  return (
    <View className='card kept-attachments'>
      <Text className='label'>原通知的附件（勾选的随更正一起发出）</Text>
      {props.files.map((a) => {
        const on = props.kept.includes(a.id);
        return (
          <View key={a.id} className='check-row kept-attachment' onClick={() => props.onToggle(a.id)} {...a11y({ role: 'checkbox', checked: on, label: `保留${a.label}` })}>
            <View className={`check-box${on ? ' checked' : ''}`}>{on ? '✓' : ''}</View>
            <View>
              <Text className='p'>{a.label}</Text>
              <Text className='muted'>{KIND_LABELS[a.kind]} · {fileSizeText(a.size)}</Text>
            </View>
          </View>
        );
      })}
      <Text className='muted editor-hint'>正文中显示的图片需要保留；不再需要时，先从正文中删除它。</Text>
    </View>
  );
}
