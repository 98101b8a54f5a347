import { useState } from 'react';
import { formatDateTime } from '@anxin/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { ROUTES } from '../../../routes';
import { Screen, toast } from '../../../components/Screen';
import { formatReceipt, schoolQuery, takeReceipt } from '../receipt';
import '../tips.css';

/**
 * The receipt, shown once: the server keeps only a slow hash, this page keeps it only in memory, and leaving
 * the page forgets it. Large, grouped in fours, with a copy button and plain advice to keep it.
 */
/**
 * Taro's h5 clipboard also writes what was copied to localStorage (`taro_clipboard`, for getClipboardData),
 * where it would outlive the clipboard on a shared computer. The receipt must not be kept on the device: drop it.
 */
const H5_CLIPBOARD_KEY = 'taro_clipboard';
function forgetH5ClipboardCopy(): void {
  if (process.env.TARO_ENV !== 'h5') return;
  const drop = () => {
    try {
      Taro.removeStorageSync(H5_CLIPBOARD_KEY);
    } catch {
      // nothing stored
    }
  };
  drop();
  // Taro's document 'copy' listener stores the selection asynchronously: drop that copy too.
  setTimeout(drop, 300);
}

export function TipReceiptBody() {
  const params = useRouter().params ?? {};
  const [r] = useState(() => takeReceipt());
  // Back to the 倾诉信箱 entry below in the stack (the form was replaced by this page); opened alone: open it.
  const back = () => {
    Promise.resolve(Taro.navigateBack({ delta: 1 })).catch(() => Taro.redirectTo({ url: `${ROUTES.tips}${schoolQuery(params)}` }));
  };

  if (!r) {
    return (
      <View className='card'>
        <Text className='title'>回执码只显示一次</Text>
        <Text className='p'>为了保护你，回执码提交后只显示一次，现在已经不能再显示。如果你已经记下来了，可以在倾诉信箱点“我有回执码”查看学校的回复。</Text>
        <Button className='btn primary' onClick={back}>返回倾诉信箱</Button>
      </View>
    );
  }

  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: r.receipt });
      toast('已复制回执码', 'success');
    } catch {
      toast('复制失败，请手动抄下来');
    } finally {
      forgetH5ClipboardCopy();
    }
  };

  return (
    <View className='tip-receipt'>
      <View className='card center'>
        <Text className='ok-text big-ok'>已提交，学校已经收到</Text>
        {r.replayed && <Text className='muted'>这是你刚才提交的那一份，没有重复提交。</Text>}
        <Text className='muted'>提交时间：{formatDateTime(r.submittedAt)}</Text>
      </View>
      <View className='card center receipt-card'>
        <Text className='subtitle'>你的回执码</Text>
        <Text className='receipt-code' userSelect>{formatReceipt(r.receipt)}</Text>
        <Button className='btn primary copy-receipt' onClick={() => void copy()}>复制回执码</Button>
      </View>
      <View className='card notice receipt-advice'>
        <Text className='subtitle'>请马上保存回执码</Text>
        <Text className='p'>· 截图或抄下来，放在只有你知道的地方。</Text>
        <Text className='p'>· 回执码只显示这一次，丢失后无法找回（学校和我们都查不到）。</Text>
        <Text className='p'>· 学校会在这里回复你：回到倾诉信箱，点“我有回执码”，输入回执码就能看到处理进度和老师的回复，也可以继续留言。</Text>
        <Text className='p'>· 不要把回执码告诉别人，拿到它的人能看到你和学校的对话。</Text>
      </View>
      <Button className='btn' onClick={back}>我已保存，返回</Button>
    </View>
  );
}

export default function TipReceiptPage() {
  return <Screen>{() => <TipReceiptBody />}</Screen>;
}
