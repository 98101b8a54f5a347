import { Button, Text, View } from '@tarojs/components';
import { SchoolRole, TIP_ALERT_KINDS, type MeResponse } from '@anxin/shared';
import { toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { askConsent, pickTemplates, stateOf, useConsentCatalogue } from '../../../state/consent';

/** Roles a new tip alerts (the server's alerting roles). */
const ALERTING: string[] = [SchoolRole.CONTACT, SchoolRole.PRINCIPAL, SchoolRole.COMMITTEE];

export function isAlertingStaff(me: MeResponse): boolean {
  return me.roles.some((r) => ALERTING.includes(r.role));
}

/**
 * 开启新举报提醒: WeChat delivers a tip alert only if the user allowed it, once per 允许 for one-time templates.
 * Shows how many alerts are left and asks again in the tap.
 */
export function TipAlertSwitch() {
  const { catalogue, states, setStates } = useConsentCatalogue();
  const action = useAction();
  const tipNew = stateOf(states, 'tip.new');
  const turnOn = async () => {
    if (!catalogue) return;
    await action.run(async () => {
      const outcome = await askConsent(pickTemplates(catalogue, [...TIP_ALERT_KINDS]));
      if (outcome.kind === 'unavailable') toast('未能打开订阅提醒，请在微信「设置 → 通知」中允许本小程序发送消息');
      else {
        setStates(outcome.states);
        toast(outcome.results.some((r) => r.result === 'accept') ? '已开启提醒' : '未开启提醒', outcome.results.some((r) => r.result === 'accept') ? 'success' : 'none');
      }
    }, { errors: 'toast' });
  };
  let status = '正在读取…';
  if (states) {
    if (!tipNew?.on) status = '未开启：有新举报时您只能在「消息」里看到，微信不会提醒您。';
    else if (tipNew.longTerm) status = '已开启（长期）：有新举报时微信会提醒您。';
    else status = `已开启：还可收到 ${tipNew.credits} 次新举报提醒。每次点击「允许」增加一次。`;
  }
  return (
    <View className='card tip-alerts'>
      <Text className='entry-title'>新举报提醒</Text>
      <Text className='muted'>{status}</Text>
      <Button className='btn small' disabled={!catalogue || action.busy || undefined} onClick={() => void turnOn()}>
        {tipNew?.on ? '增加提醒次数' : '开启新举报提醒'}
      </Button>
    </View>
  );
}
