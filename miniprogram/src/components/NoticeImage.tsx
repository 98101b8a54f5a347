import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { a11y } from '../a11y';
import { noticePicture } from './notice-pictures';

/**
 * A picture of a notice (an image block of its body, or an attachment): fetched with the session, shown at the
 * width of the text, tapped to see it large (WeChat's picture viewer; the browser's on h5). Without `noticeId`
 * (nothing saved yet) or when the download fails it says so instead.
 */
export function NoticeImage(props: { noticeId?: string | null; attachmentId: string; caption?: string; className?: string }) {
  const { noticeId, attachmentId } = props;
  const [src, setSrc] = useState<string | 'error' | null>(null);
  useEffect(() => {
    if (!noticeId) {
      setSrc('error');
      return;
    }
    let live = true;
    setSrc(null);
    noticePicture(noticeId, attachmentId).then(
      (path) => live && setSrc(path),
      () => live && setSrc('error'),
    );
    return () => {
      live = false;
    };
  }, [noticeId, attachmentId]);
  const label = props.caption ? `图片：${props.caption}` : '图片';
  return (
    <View className={`notice-image${props.className ? ` ${props.className}` : ''}`}>
      {src && src !== 'error' ? (
        <View
          className='notice-image-tap'
          onClick={() => void Promise.resolve(Taro.previewImage({ current: src, urls: [src] })).catch(() => undefined)}
          {...a11y({ role: 'button', label: `${label}（点击查看大图）` })}
        >
          <Image className='notice-image-img' src={src} mode='widthFix' />
        </View>
      ) : (
        <View className='notice-image-missing' {...a11y({ role: 'img', label })}>
          <Text className='muted'>{src === 'error' ? '图片无法显示' : '图片加载中…'}</Text>
        </View>
      )}
      {props.caption && <Text className='notice-caption'>{props.caption}</Text>}
    </View>
  );
}
