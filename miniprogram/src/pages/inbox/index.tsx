import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDateTime, inboxDeliveryLabel, type InboxItem } from '@anxin/shared';
import { errorText } from '../../api/client';
import { inboxApi } from '../../api/inbox';
import { Screen, toast, useOnShow } from '../../components/Screen';
import { openPage } from '../../routes';
import { refreshUnread, showUnread, unreadStore } from '../../state/unread';
import { a11y } from '../../a11y';

const PAGE_SIZE = 30;

export function InboxBody() {
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);

  const load = async () => {
    try {
      const page = await inboxApi.list({ limit: PAGE_SIZE });
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
    void refreshUnread();
  };
  useOnShow(() => void load());

  const loadMore = async () => {
    if (!items?.length) return;
    setMore(true);
    try {
      const page = await inboxApi.list({ limit: PAGE_SIZE, before: items[items.length - 1].createdAt });
      setItems([...items, ...page.items]);
    } catch (e) {
      toast(errorText(e));
    } finally {
      setMore(false);
    }
  };

  const open = async (item: InboxItem) => {
    if (!item.readAt) {
      try {
        await inboxApi.markRead(item.id);
        setItems((list) => list?.map((x) => (x.id === item.id ? { ...x, readAt: new Date().toISOString() } : x)) ?? null);
        showUnread(Math.max(0, unreadStore.get() - 1));
      } catch (e) {
        toast(errorText(e));
      }
    }
    if (item.page) void openPage(item.page);
  };

  if (error && !items) return <Text className='error-text'>{error}</Text>;
  if (!items) return <Text className='muted center'>加载中…</Text>;
  return (
    <View>
      {items.length === 0 ? (
        <View className='card center'>
          <Text className='muted'>暂无消息</Text>
        </View>
      ) : (
        <View className='card'>
          {items.map((item) => (
            <View key={item.id} className={`row inbox-item${item.readAt ? ' read' : ' unread'}`} onClick={() => void open(item)} {...a11y({ role: 'button' })}>
              <View className='row-main'>
                <Text className='subtitle'>{item.readAt ? '' : '● '}{item.title}</Text>
                <Text className='p'>{item.body}</Text>
                <Text className='muted'>{formatDateTime(item.createdAt)}</Text>
                {/* How it reached the user besides this list: by WeChat, or only here, and why. */}
                <Text className={`muted inbox-delivery ${item.delivery.via}`}>{inboxDeliveryLabel(item.delivery)}</Text>
              </View>
              {item.page && <Text>›</Text>}
            </View>
          ))}
        </View>
      )}
      {items.length < total && (
        <Button className='btn' disabled={more || undefined} onClick={() => void loadMore()}>加载更多</Button>
      )}
    </View>
  );
}

export default function InboxPage() {
  return <Screen>{() => <InboxBody />}</Screen>;
}
