import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatMonthDayTime } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { onboardingApi } from '../../../api/onboarding';

/**
 * The checklist's 测试倾诉信箱 row: sends a test tip (测试举报) that goes to the designated contact like a real one;
 * the row is done once the contact acknowledges it. Says what came of the tap right under the button.
 */
export function TestTipButton(props: { schoolId: string; onSent: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const send = async () => {
    setBusy(true);
    try {
      const sent = await onboardingApi.sendTestTip(props.schoolId);
      setResult({ ok: true, text: `测试举报已发出，请负责人在${formatMonthDayTime(sent.ackDueAt)}前到倾诉信箱受理` });
      props.onSent();
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View>
      <Button className='btn small' disabled={busy} onClick={() => void send()}>发送测试举报</Button>
      {result && <Text className={result.ok ? 'muted' : 'error-text'}>{result.text}</Text>}
    </View>
  );
}
