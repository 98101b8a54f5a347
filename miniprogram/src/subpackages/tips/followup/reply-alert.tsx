import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { SubscriptionTemplate } from '@anxin/shared';
import { subscriptionsApi } from '../../../api/subscriptions';
import { toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { askConsent, pickTemplates } from '../../../state/consent';

/** What turning the switch on means, said plainly (shown before the reporter decides). */
export const REPLY_ALERT_EXPLAINED =
  '开启后，学校回复你时，微信会提醒你（提醒里没有举报内容）。为了能提醒你，消息系统需要记下这份举报要提醒哪个微信账号；'
  + '这条记录单独加密保存，学校老师看不到；结案后或你关闭提醒时立即删除。每次提醒会留在你自己的“消息”里，并有一条发送记录'
  + '（不含举报内容，学校老师同样看不到）。不开启也可以随时用回执码查看回复。';

/**
 * 学校回复时提醒我 (off by default). Nothing on this page sends the session until the reporter chooses to: the first
 * tap shows what turning it on means and loads the template list; the second (inside which WeChat's consent dialog
 * must open) asks WeChat's consent, then tells the server which account to alert (the session's). Turning it off
 * deletes that record and needs no session.
 */
export function ReplyAlertSwitch(props: { followupToken: string }) {
  const [on, setOn] = useState<boolean | null>(null);
  const [catalogue, setCatalogue] = useState<SubscriptionTemplate[] | null>(null);
  // Every button of the switch shares one action.
  const action = useAction();
  useEffect(() => {
    subscriptionsApi.replyAlert(props.followupToken).then((s) => setOn(s.on), () => setOn(false));
  }, [props.followupToken]);

  const prepare = () => action.run(async () => setCatalogue(await subscriptionsApi.templates()), { errors: 'toast' });
  const turnOn = async () => {
    if (!catalogue) return;
    await action.run(async () => {
      const outcome = await askConsent(pickTemplates(catalogue, ['tip.reply']));
      if (outcome.kind === 'unavailable' || !outcome.results.some((r) => r.result === 'accept')) {
        toast('没有开启：需要在微信弹窗中点「允许」');
        return;
      }
      setOn((await subscriptionsApi.setReplyAlert(props.followupToken, true)).on);
      toast('已开启回复提醒', 'success');
    }, { errors: 'toast' });
  };
  const turnOff = () => action.run(async () => {
    setOn((await subscriptionsApi.setReplyAlert(props.followupToken, false)).on);
    setCatalogue(null);
  }, { done: '已关闭，提醒记录已删除', errors: 'toast' });

  return (
    <View className='card reply-alert'>
      <Text className='subtitle'>学校回复时提醒我</Text>
      {on === true && <Text className='p'>已开启：学校回复时微信会提醒你。</Text>}
      {on === true && <Button className='btn small' disabled={action.busy || undefined} onClick={() => void turnOff()}>关闭提醒</Button>}
      {on === false && !catalogue && (
        <View>
          <Text className='muted'>默认不开启。不开启也可以随时用回执码查看回复。</Text>
          <Button className='btn small' disabled={action.busy || undefined} onClick={() => void prepare()}>开启提醒…</Button>
        </View>
      )}
      {on === false && catalogue && (
        <View>
          <Text className='muted reply-alert-explained'>{REPLY_ALERT_EXPLAINED}</Text>
          <Button className='btn small primary' disabled={action.busy || undefined} onClick={() => void turnOn()}>我明白，在微信中允许提醒</Button>
          <Button className='btn small' disabled={action.busy || undefined} onClick={() => setCatalogue(null)}>先不开启</Button>
        </View>
      )}
    </View>
  );
}
