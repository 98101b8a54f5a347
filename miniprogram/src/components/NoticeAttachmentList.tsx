import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { noticeBodyImageIds, type NoticeAttachment, type NoticeBody } from '@anxin/shared';
import { errorText } from '../api/client';
import { noticeAttachmentsApi } from '../api/notice-attachments';
import { a11y } from '../a11y';
import { NoticeImage } from './NoticeImage';
import { toast } from './Screen';
import './notice-attachments.css';

/** 1.2 MB, 350 KB. */
export function fileSizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * A notice's files under its body: each PDF (a tap opens it in WeChat's document viewer, whose menu saves or forwards
 * it; the browser downloads it) and the pictures the body does not show already. Nothing when there are none.
 */
export function NoticeAttachmentList(props: { noticeId: string; body: NoticeBody | null }) {
  const [items, setItems] = useState<NoticeAttachment[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [opening, setOpening] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    noticeAttachmentsApi.list(props.noticeId).then(
      (list) => live && setItems(list),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [props.noticeId]);
  if (failed) return <View className='card'><Text className='muted'>附件暂时无法加载，请稍后再打开这条通知。</Text></View>;
  if (!items) return null;
  const shown = new Set(props.body ? noticeBodyImageIds(props.body) : []);
  const files = items.filter((a) => a.kind === 'pdf' || !shown.has(a.id));
  if (!files.length) return null;
  const open = async (a: NoticeAttachment) => {
    if (opening) return;
    setOpening(a.id);
    try {
      await noticeAttachmentsApi.openPdf(props.noticeId, a);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setOpening(null);
    }
  };
  return (
    <View className='card notice-attachments'>
      <Text className='subtitle'>附件（{files.length}）</Text>
      {files.map((a) => (a.kind === 'pdf' ? (
        <View key={a.id} className='attachment-row' onClick={() => void open(a)} {...a11y({ role: 'button', label: `打开附件 ${a.label}` })}>
          <Text className='tag attachment-kind'>PDF</Text>
          <View className='row-main'>
            <Text className='attachment-name'>{a.label}</Text>
            <Text className='muted'>{fileSizeText(a.size)} · {opening === a.id ? '正在打开…' : '点击打开'}</Text>
          </View>
        </View>
      ) : (
        <NoticeImage key={a.id} noticeId={props.noticeId} attachmentId={a.id} caption={a.label} className='attachment-picture' />
      )))}
    </View>
  );
}
