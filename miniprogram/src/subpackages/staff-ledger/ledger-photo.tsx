import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { a11y } from '../../a11y';
import { ledgerApi } from './ledger-api';

/** A photo of a ledger record, fetched with the session; tapped to see it large. */
export function LedgerPhoto(props: { fileId: string; name: string }) {
  const [src, setSrc] = useState<string | 'error' | null>(null);
  useEffect(() => {
    let live = true;
    ledgerApi.photo(props.fileId).then((p) => live && setSrc(p), () => live && setSrc('error'));
    return () => { live = false; };
  }, [props.fileId]);
  if (!src || src === 'error') return <View className='ledger-photo missing' {...a11y({ role: 'img', label: props.name })}><Text className='muted'>{src ? '无法显示' : '加载中…'}</Text></View>;
  return (
    <View className='ledger-photo' onClick={() => void Promise.resolve(Taro.previewImage({ current: src, urls: [src] })).catch(() => undefined)} {...a11y({ role: 'button', label: `${props.name}（点击查看大图）` })}>
      <Image className='ledger-photo-img' src={src} mode='aspectFill' />
    </View>
  );
}
