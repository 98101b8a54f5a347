import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { NoticeStaffDetail } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticeAttachmentsApi } from '../../../api/notice-attachments';
import { toast } from '../../../components/Screen';

/**
 * 下载签字（zip）: every signature of the caller's classes as PNGs named 班级/学生-关系.png (the server records each
 * download). In WeChat the zip is sent to a chat (文件传输助手 takes it to a computer); the browser saves it.
 */
export function SignaturesZipButton(props: { notice: NoticeStaffDetail; signed: number }) {
  const [busy, setBusy] = useState(false);
  if (props.notice.confirmMode !== 'sign' || props.signed === 0) return null;
  const download = async () => {
    setBusy(true);
    try {
      await noticeAttachmentsApi.signaturesZip(props.notice.id, `${props.notice.title}-家长签字.zip`);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='signatures-zip'>
      <Button className='btn' disabled={busy || undefined} onClick={() => void download()}>
        {busy ? '正在打包…' : `下载签字（zip，${props.signed} 份）`}
      </Button>
      {process.env.TARO_ENV === 'weapp' && <Text className='muted'>压缩包会发送到微信聊天，可发给“文件传输助手”后在电脑上保存。</Text>}
    </View>
  );
}
