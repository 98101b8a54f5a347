import { Button, Text, View } from '@tarojs/components';
import type { NoticeStaffDetail } from '@anxin/shared';
import { noticeAttachmentsApi } from '../../../api/notice-attachments';
import { useAction } from '../../../components/use-action';

/**
 * 下载签字（zip）: every signature of the caller's classes as PNGs named 班级/学生-关系.png (the server records each
 * download). In WeChat the zip is sent to a chat (文件传输助手 takes it to a computer); the browser saves it.
 */
export function SignaturesZipButton(props: { notice: NoticeStaffDetail; signed: number }) {
  const action = useAction();
  if (props.notice.confirmMode !== 'sign' || props.signed === 0) return null;
  const download = () => action.run(() => noticeAttachmentsApi.signaturesZip(props.notice.id, `${props.notice.title}-家长签字.zip`), { errors: 'toast' });
  return (
    <View className='signatures-zip'>
      <Button className='btn' disabled={action.busy || undefined} onClick={() => void download()}>
        {action.busy ? '正在打包…' : `下载签字（zip，${props.signed} 份）`}
      </Button>
      {process.env.TARO_ENV === 'weapp' && <Text className='muted'>压缩包会发送到微信聊天，可发给“文件传输助手”后在电脑上保存。</Text>}
    </View>
  );
}
