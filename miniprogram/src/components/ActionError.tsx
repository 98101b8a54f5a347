import { Text } from '@tarojs/components';

/** The error of one action, right under its button (not a toast at the top of a long page). */
export function ActionError(props: { error?: string | null }) {
  if (!props.error) return null;
  return <Text className='error-text action-error'>{props.error}</Text>;
}
