import { Text, View } from '@tarojs/components';
import { a11y } from '../../a11y';

/** A tappable row of a home page; `badge` is a count in red beside the title (unread notices). */
export function Entry(props: { title: string; hint: string; className?: string; soon?: boolean; badge?: number; onTap: () => void }) {
  return (
    <View className={`entry ${props.className ?? ''}${props.soon ? ' disabled' : ''}`} onClick={props.onTap} {...a11y({ role: 'button' })}>
      <View>
        <Text className='entry-title'>
          {props.title}
          {props.badge ? <Text className='entry-badge' {...a11y({ label: `${props.badge} 条未读` })}>{props.badge > 99 ? '99+' : props.badge}</Text> : null}
        </Text>
        <Text className='muted'>{props.hint}</Text>
      </View>
      {props.soon ? <Text className='tag soon'>即将开放</Text> : <Text>›</Text>}
    </View>
  );
}
