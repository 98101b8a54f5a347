import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDateTime, NOTICE_KIND_LABELS, type MeResponse, type NoticeListItem, type NoticeStatus } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { Screen, useOnShow } from '../../../components/Screen';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';
import { noticeSchool, statusLabel } from '../notice-school';
import '../staff-notices.css';

const FILTERS: { status: NoticeStatus | null; label: string }[] = [
  { status: null, label: '全部' },
  { status: 'draft', label: '草稿' },
  { status: 'scheduled', label: '定时发布' },
  { status: 'published', label: '已发布' },
  { status: 'closed', label: '已截止' },
  { status: 'recalled', label: '已撤回' },
];
const PAGE = 20;

function when(n: NoticeListItem): string {
  if (n.status === 'draft') return `草稿 · ${formatDateTime(n.createdAt)}`;
  if (n.status === 'scheduled') return `将于 ${formatDateTime(n.scheduledAt)} 发布`;
  return `${formatDateTime(n.publishedAt)} 发布`;
}

/**
 * 通知与家长信 for staff: the school's notices (a teacher: those reaching their classes, and their own drafts), newest
 * first, with how many guardians have done what each asks. A draft opens in the editor, anything else its stats.
 */
export function StaffNoticeListBody(props: { me: MeResponse }) {
  const school = noticeSchool(props.me);
  const [status, setStatus] = useState<NoticeStatus | null>(null);
  const [items, setItems] = useState<NoticeListItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const load = async (s: NoticeStatus | null, offset = 0) => {
    if (!school) return;
    try {
      const page = await noticesApi.list(school.id, { limit: PAGE, offset, ...(s ? { status: s } : {}) });
      setItems((prev) => (offset && prev ? [...prev, ...page.items.filter((n) => !prev.some((x) => x.id === n.id))] : page.items));
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useOnShow(() => void load(status));

  if (!school) return <View className='card'><Text className='muted'>通知由学校的校长、管理员和班主任发布。</Text></View>;
  const choose = (s: NoticeStatus | null) => {
    setStatus(s);
    setItems(null);
    void load(s);
  };
  const open = (n: NoticeListItem) => void openPage(`${n.status === 'draft' ? ROUTES.noticeCompose : ROUTES.noticeStats}?id=${encodeURIComponent(n.id)}`);

  return (
    <View>
      <View className='card'>
        <Text className='title'>通知与家长信</Text>
        <Text className='muted'>{school.name}：致家长的一封信、通知和紧急预警，谁读了、谁确认了、谁签了字。</Text>
        {school.canWrite && <Button className='btn primary' onClick={() => void openPage(ROUTES.noticeCompose)}>写通知</Button>}
        <View className='choice-list status-filter'>
          {FILTERS.map((f) => (
            <View key={f.label} className={`choice${status === f.status ? ' selected' : ''}`} onClick={() => choose(f.status)} {...a11y({ role: 'radio', checked: status === f.status })}>
              {f.label}
            </View>
          ))}
        </View>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {items === null && !error && <Text className='muted center'>加载中…</Text>}
      {items?.length === 0 && <View className='card'><Text className='muted'>还没有通知。</Text></View>}
      {items?.map((n) => (
        <View key={n.id} className='entry staff-notice-item' onClick={() => open(n)} {...a11y({ role: 'button', label: `${n.title}，${statusLabel(n.status)}` })}>
          <View className='row-main'>
            <View className='tag-line'>
              <Text className={`tag kind-${n.kind}`}>{NOTICE_KIND_LABELS[n.kind]}</Text>
              <Text className={`tag status-${n.status}`}>{statusLabel(n.status)}</Text>
              {n.needsPrincipalReview && <Text className='tag review'>待校长查看</Text>}
              {n.reviewDecision === 'keep' && <Text className='tag status-closed'>校长已查看</Text>}
              {n.correctionOf && <Text className='tag correction'>更正</Text>}
              {n.correctedBy && <Text className='tag status-recalled'>已更正</Text>}
            </View>
            <Text className='staff-notice-title'>{n.title}</Text>
            <Text className='muted'>{when(n)}</Text>
            {n.status !== 'draft' && n.status !== 'scheduled' && <Text className='muted'>已完成 {n.acknowledged} / {n.recipients}</Text>}
          </View>
          <Text>›</Text>
        </View>
      ))}
      {items && items.length < total && <Button className='btn' onClick={() => void load(status, items.length)}>加载更多</Button>}
    </View>
  );
}

export default function StaffNoticeListPage() {
  return <Screen>{(me) => <StaffNoticeListBody me={me} />}</Screen>;
}
