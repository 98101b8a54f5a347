import { Text, View } from '@tarojs/components';
import { formatDate, type GuardianNoticeListItem } from '@anxin/shared';
import { a11y } from '../../a11y';
import { ROUTES, openPage } from '../../routes';
import './home-notices.css';

/**
 * Urgent warnings (紧急预警) the guardian has not yet confirmed, at the top of 首页 in red until they do. Each opens
 * the warning, where 确认收到 takes it off this page.
 */
export function PinnedWarnings(props: { items: GuardianNoticeListItem[] }) {
  if (!props.items.length) return null;
  return (
    <View className='pinned-warnings'>
      {props.items.map((n) => (
        <View
          key={n.id}
          className='pinned-warning'
          onClick={() => void openPage(`${ROUTES.noticeDetail}?id=${encodeURIComponent(n.id)}`)}
          {...a11y({ role: 'button', label: `紧急预警：${n.title}，请查看并确认收到` })}
        >
          <Text className='pinned-warning-tag'>紧急预警 · 请查看并确认</Text>
          <Text className='pinned-warning-title'>{n.title}</Text>
          <Text className='pinned-warning-meta'>{n.schoolName} · {formatDate(n.publishedAt)}</Text>
        </View>
      ))}
    </View>
  );
}
