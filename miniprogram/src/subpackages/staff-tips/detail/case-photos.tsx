import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TipDetail } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';

/** The photos: downloaded with the session (each view is audited), shown as thumbnails, tap to enlarge. */
export function CasePhotos(props: { tip: TipDetail }) {
  const [paths, setPaths] = useState<Record<string, string | 'error'>>({});
  const ids = props.tip.attachments.map((a) => a.id).join(',');
  useEffect(() => {
    let live = true;
    void (async () => {
      for (const a of props.tip.attachments) {
        try {
          const p = await tipsApi.downloadPhoto(props.tip.id, a.id);
          if (live) setPaths((x) => ({ ...x, [a.id]: p }));
        } catch {
          if (live) setPaths((x) => ({ ...x, [a.id]: 'error' }));
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [props.tip.id, ids]);
  if (!props.tip.attachments.length) return null;
  const ready = Object.values(paths).filter((p): p is string => p !== 'error');
  return (
    <View className='field'>
      <Text className='label'>照片（{props.tip.attachments.length} 张，已去除拍摄地点等信息）</Text>
      <View className='photo-grid'>
        {props.tip.attachments.map((a, i) => {
          const p = paths[a.id];
          return (
            <View key={a.id} className='photo'>
              {p && p !== 'error' ? (
                <Image
                  className='photo-img staff-photo'
                  src={p}
                  mode='aspectFill'
                  onClick={() => void Promise.resolve(Taro.previewImage({ current: p, urls: ready })).catch(() => undefined)}
                />
              ) : (
                <View className='photo-missing'><Text>{p === 'error' ? `照片 ${i + 1} 无法显示` : '加载中…'}</Text></View>
              )}
            </View>
          );
        })}
      </View>
    </View>
  );
}
