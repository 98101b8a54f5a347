import { Button, Text, View } from '@tarojs/components';
import type { NoticeStaffDetail } from '@anxin/shared';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';

const stats = (id: string) => `${ROUTES.noticeStats}?id=${encodeURIComponent(id)}`;

/**
 * A notice's place in its chain of corrections, for staff: a correction names what it corrects and what changed; a
 * corrected notice says 已更正 and opens its correction; whoever may manage a published notice may correct it.
 */
export function CorrectionLinks(props: { notice: NoticeStaffDetail }) {
  const n = props.notice;
  const canCorrect = n.canManage && (n.status === 'published' || n.status === 'closed') && !n.correctedBy;
  return (
    <View>
      {n.correctionOf && (
        <View className='correction-box'>
          <Text className='p'>这是对《{n.correctionOf.title}》的更正。</Text>
          {n.correctionNote && <Text className='p'>更正说明：{n.correctionNote}</Text>}
          <Text className='link-text' onClick={() => void openPage(stats(n.correctionOf!.id))} {...a11y({ role: 'link' })}>查看原通知</Text>
        </View>
      )}
      {n.correctedBy && (
        <View className='correction-box corrected'>
          <Text className='p'>已更正：家长现在需要确认更正后的通知，这条通知不再提醒。</Text>
          <Text className='link-text' onClick={() => void openPage(stats(n.correctedBy!.id))} {...a11y({ role: 'link' })}>查看《{n.correctedBy.title}》</Text>
        </View>
      )}
      {canCorrect && (
        <Button className='btn small' onClick={() => void openPage(`${ROUTES.noticeCorrect}?id=${encodeURIComponent(n.id)}`)}>发布更正</Button>
      )}
    </View>
  );
}
