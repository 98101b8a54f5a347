import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDate, type GuardianNoticeListItem, type MeResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { Screen, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';
import { refreshGuardianNotices } from '../../../state/guardian-notices';
import { childrenText, guardianState, kindLabel } from '../notice-labels';
import '../notices.css';

const PAGE = 20;

/** One row of the list: an unconfirmed urgent warning in red, an unopened notice in bold with a dot. */
export function NoticeRow(props: { item: GuardianNoticeListItem; onOpen: () => void }) {
  const n = props.item;
  const state = guardianState(n);
  const unread = !n.read && n.status !== 'recalled';
  return (
    <View
      className={`notice-item${n.pinned ? ' pinned' : ''}${unread ? ' unread' : ''}`}
      onClick={props.onOpen}
      {...a11y({ role: 'button', label: `${kindLabel(n.kind)}：${n.title}，${unread ? '未读，' : ''}${state.text}` })}
    >
      <View className='notice-item-main'>
        <View className='tag-line'>
          <Text className={`tag kind-${n.kind}`}>{kindLabel(n.kind)}</Text>
          {n.correctionOf && <Text className='tag correction'>更正</Text>}
          <Text className={`tag state-${state.tone}`}>{state.text}</Text>
        </View>
        <Text className='notice-item-title'>{unread && <Text className='unread-dot'>● </Text>}{n.title}</Text>
        <Text className='muted'>{n.schoolName} · {formatDate(n.publishedAt)}{n.children.length ? ` · ${childrenText(n.children)}` : ''}</Text>
      </View>
      <Text>›</Text>
    </View>
  );
}

/**
 * 通知与家长信 (guardians): everything the school sent them, urgent warnings not yet confirmed first, then unopened,
 * then newest; one child at a time when they have several. Opening a notice records the read.
 */
export function NoticeListBody(props: { me: MeResponse }) {
  const children = props.me.students.filter((s) => s.status === 'approved');
  const [studentId, setStudentId] = useState<string | null>(null);
  const [items, setItems] = useState<GuardianNoticeListItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = async (child: string | null) => {
    try {
      const page = await noticesApi.mine({ limit: PAGE, ...(child ? { studentId: child } : {}) });
      setItems(page.items);
      setTotal(page.total);
      setUnread(page.unread);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
    void refreshGuardianNotices();
  };
  useOnShow(() => void load(studentId));

  const choose = (child: string | null) => {
    setStudentId(child);
    setItems(null);
    void load(child);
  };
  const more = async () => {
    if (!items) return;
    setLoadingMore(true);
    try {
      const page = await noticesApi.mine({ limit: PAGE, offset: items.length, ...(studentId ? { studentId } : {}) });
      setItems([...items, ...page.items.filter((n) => !items.some((x) => x.id === n.id))]);
      setTotal(page.total);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <View>
      <View className='card'>
        <Text className='title'>通知与家长信</Text>
        <Text className='muted'>{unread > 0 ? `${unread} 条未读` : '没有未读的通知'}</Text>
        {children.length > 1 && (
          <View className='choice-list child-filter'>
            <View className={`choice${studentId === null ? ' selected' : ''}`} onClick={() => choose(null)} {...a11y({ role: 'radio', checked: studentId === null })}>全部孩子</View>
            {children.map((c) => (
              <View key={c.studentId} className={`choice${studentId === c.studentId ? ' selected' : ''}`} onClick={() => choose(c.studentId)} {...a11y({ role: 'radio', checked: studentId === c.studentId })}>
                {c.studentName}
              </View>
            ))}
          </View>
        )}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {items === null && !error && <Text className='muted center'>加载中…</Text>}
      {items?.length === 0 && (
        <View className='card'>
          <Text className='muted'>{children.length ? '学校还没有发来通知。' : '绑定孩子后，学校发给家长的通知和家长信会出现在这里。'}</Text>
          {!children.length && <Button className='btn' onClick={() => void openPage(ROUTES.bind)}>绑定孩子</Button>}
        </View>
      )}
      {items?.map((n) => <NoticeRow key={n.id} item={n} onOpen={() => void openPage(`${ROUTES.noticeDetail}?id=${encodeURIComponent(n.id)}`)} />)}
      {items && items.length < total && (
        <Button className='btn' disabled={loadingMore || undefined} onClick={() => void more()}>{loadingMore ? '加载中…' : '加载更多'}</Button>
      )}
    </View>
  );
}

export default function NoticeListPage() {
  return <Screen>{(me) => <NoticeListBody me={me} />}</Screen>;
}
