import { Button, Text, View } from '@tarojs/components';
import { askConsent, pickTemplates, stateOf, useConsentCatalogue } from '../state/consent';
import { toast } from './Screen';
import { useAction } from './use-action';

/** What a guardian is asked for once a binding is approved: school notices first. */
export const GUARDIAN_ALERT_KINDS = ['notice.published', 'binding.decided'];

/**
 * 通知提醒我: shown to a guardian with an approved binding. WeChat delivers a notice alert only after 允许 (one
 * alert per 允许 for one-time templates); without it notices reach the in-app 消息 only.
 */
export function GuardianAlerts() {
  const { catalogue, states, setStates } = useConsentCatalogue();
  const action = useAction();
  const notice = stateOf(states, 'notice.published');
  const ask = async () => {
    if (!catalogue) return;
    await action.run(async () => {
      const outcome = await askConsent(pickTemplates(catalogue, GUARDIAN_ALERT_KINDS));
      if (outcome.kind === 'unavailable') toast('未能打开订阅提醒，请在微信「设置 → 通知」中允许本小程序发送消息');
      else setStates(outcome.states);
    }, { errors: 'toast' });
  };
  return (
    <View className='card guardian-alerts'>
      <Text className='muted'>
        {notice?.on ? `学校发通知时微信会提醒您（还可提醒 ${notice.longTerm ? '多' : notice.credits} 次）。` : '学校发通知时，微信默认不会提醒您，只能在「消息」里看到。'}
      </Text>
      <Button className='btn small' disabled={!catalogue || action.busy || undefined} onClick={() => void ask()}>下次通知提醒我</Button>
    </View>
  );
}
