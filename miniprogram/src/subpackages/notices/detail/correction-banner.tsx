import { Button, Text, View } from '@tarojs/components';
import type { GuardianNoticeDetail } from '@anxin/shared';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';

const open = (id: string) => void openPage(`${ROUTES.noticeDetail}?id=${encodeURIComponent(id)}`);

/**
 * Corrections, as a guardian reads them: a corrected notice says so and opens the correction (what it asked is asked
 * there now); a correction shows the school's note of what changed, above the corrected text, and opens the original.
 */
export function CorrectionBanner(props: { n: GuardianNoticeDetail }) {
  const { n } = props;
  if (n.corrected) {
    return (
      <View className='card correction-card corrected'>
        <Text className='subtitle'>学校已更正这条通知</Text>
        <Text className='p'>请以更正后的通知为准{n.confirmMode === 'read' ? '' : '，并在那里重新确认'}。您在这里留下的回执仍然保留。</Text>
        {n.correctedBy
          ? <Button className='btn primary' onClick={() => open(n.correctedBy!)}>查看更正后的通知</Button>
          : <Text className='muted'>更正后的通知正在发送，请稍后在通知列表里查看。</Text>}
      </View>
    );
  }
  if (!n.correctionNote) return null;
  return (
    <View className='card correction-card'>
      <Text className='subtitle'>这是一条更正</Text>
      <Text className='p'>更正说明：{n.correctionNote}</Text>
      {n.correctionOf && <Text className='link-text' onClick={() => open(n.correctionOf!)} {...a11y({ role: 'link' })}>查看原通知</Text>}
    </View>
  );
}
