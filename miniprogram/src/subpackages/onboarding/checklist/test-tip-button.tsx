import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatMonthDayTime } from '@anxin/shared';
import { onboardingApi } from '../../../api/onboarding';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';

/**
 * The checklist's 测试倾诉信箱 row: sends a test tip (测试举报) that goes to the designated contact like a real one;
 * the row is done once the contact acknowledges it. Says what came of the tap right under the button.
 */
export function TestTipButton(props: { schoolId: string; onSent: () => void }) {
  const action = useAction();
  const [sent, setSent] = useState<string | null>(null);
  const send = async () => {
    const ok = await action.run(async () => {
      const res = await onboardingApi.sendTestTip(props.schoolId);
      setSent(`测试举报已发出，请负责人在${formatMonthDayTime(res.ackDueAt)}前到倾诉信箱受理`);
      props.onSent();
    });
    // A refusal replaces what an earlier tap said.
    if (!ok) setSent(null);
  };
  return (
    <View>
      <Button className='btn small' disabled={action.busy || undefined} onClick={() => void send()}>发送测试举报</Button>
      {sent && <Text className='muted'>{sent}</Text>}
      <ActionError error={action.error} />
    </View>
  );
}
