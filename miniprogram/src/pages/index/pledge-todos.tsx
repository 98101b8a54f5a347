import { Text, View } from '@tarojs/components';
import { a11y } from '../../a11y';
import { openPage } from '../../routes';
import { pledgeSignPath, type PledgeTodo } from '../../state/guardian-pledges';
import './home-pledges.css';

/**
 * 首页's to-dos for the annual pledge: one per bound child whose pledge is not signed (or must be signed again after
 * the school changed it), with its deadline; each opens the signing page. Gone once signed.
 */
export function PledgeTodos(props: { items: PledgeTodo[] }) {
  if (!props.items.length) return null;
  return (
    <View className='pledge-todos'>
      {props.items.map((t) => (
        <View
          key={t.key}
          className={`pledge-todo${t.resign ? ' resign' : ''}`}
          onClick={() => void openPage(pledgeSignPath(t.pledgeId, t.studentId))}
          {...a11y({ role: 'button', label: t.label })}
        >
          <View className='row-main'>
            <Text className='pledge-todo-tag'>{t.resign ? '待重新签署' : '待签署'}</Text>
            <Text className='pledge-todo-title'>{t.title}</Text>
            <Text className='pledge-todo-hint'>{t.hint}</Text>
          </View>
          <Text>›</Text>
        </View>
      ))}
    </View>
  );
}
