import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { BROWSER_SESSION_HOURS, type BrowserSessionItem } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { browserLoginApi } from '../../../api/browser-login';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import '../browser-login.css';

/**
 * 我的 → 已登录的电脑: the browsers signed in as the user by scanning a code, with the day each signed in and was last
 * used (sessions keep days, not times), and 退出 to end one from the phone: its next request needs a new scan.
 */
export function ComputersBody() {
  const [items, setItems] = useState<BrowserSessionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

  const load = () => {
    browserLoginApi.browsers().then((list) => {
      setItems(list);
      setError(null);
    }, (e) => setError(errorText(e)));
  };
  useOnShow(load);

  const end = async (item: BrowserSessionItem) => {
    setEnding(item.id);
    try {
      await browserLoginApi.endBrowser(item.id);
      setItems((list) => (list ?? []).filter((x) => x.id !== item.id));
      toast('已退出这台电脑', 'success');
    } catch (e) {
      toast(errorText(e));
    } finally {
      setEnding(null);
    }
  };

  return (
    <View>
      <View className='card'>
        <Text className='title'>已登录的电脑</Text>
        <Text className='muted'>
          在电脑浏览器打开安心家校，用微信扫码并在手机上确认即可登录。电脑上的登录 {BROWSER_SESSION_HOURS.idle / 24} 天不用或满 {BROWSER_SESSION_HOURS.max / 24} 天会自动退出。
        </Text>
      </View>
      {error && (
        <View className='card'>
          <Text className='error-text'>{error}</Text>
          <Button className='btn' onClick={load}>重试</Button>
        </View>
      )}
      {items && (
        <View className='card'>
          {items.length === 0 && <Text className='muted'>没有已登录的电脑。</Text>}
          {items.map((item) => (
            <View key={item.id} className='row bl-session'>
              <View className='row-main'>
                <Text className='p'>{item.browser}{item.current ? '（这台电脑）' : ''}</Text>
                <Text className='muted'>{item.signedInOn} 登录 · 最近使用 {item.lastUsedOn}</Text>
              </View>
              <Button className='btn small danger' disabled={ending === item.id || undefined} onClick={() => void end(item)}>退出</Button>
            </View>
          ))}
        </View>
      )}
      {!items && !error && <View className='muted center'>加载中…</View>}
    </View>
  );
}

export default function ComputersPage() {
  return <Screen>{() => <ComputersBody />}</Screen>;
}
