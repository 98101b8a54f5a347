import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import {
  CALL_DOWN_REASON_LABELS, CALL_DOWN_STATUS_LABELS, formatDateTime, URGENT_CHANNEL_LABELS, URGENT_STEP_OUTCOME_LABELS,
  type CallDownState, type TipDetail,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { urgentApi } from '../../../api/urgent';
import { useAction } from '../../../components/use-action';

/**
 * 紧急呼叫 on the case page: the tip's call-down (why, its status, each step with its time in Asia/Shanghai, the
 * person, the masked phone, SMS/语音 and what became of it), and 标记紧急 for a handler while the tip is not yet
 * acknowledged and no call-down has started. Renders nothing when there is neither.
 */
export function CallDownCard(props: { tip: TipDetail }) {
  const { tip } = props;
  const [callDown, setCallDown] = useState<CallDownState | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => {
    let live = true;
    urgentApi.callDown(tip.id).then((r) => { if (live) { setCallDown(r.callDown); setLoaded(true); } }, (e) => { if (live) { setLoadError(errorText(e)); setLoaded(true); } });
    return () => { live = false; };
  }, [tip.id, tip.status]);

  const mark = async () => {
    // Marking starts afresh: a failed load is no longer news.
    setLoadError(null);
    await action.run(async () => setCallDown((await urgentApi.markUrgent(tip.id)).callDown));
  };
  // One line: the latest of a failed load and a refused mark.
  const error = loadError ?? action.error;

  const canMark = !callDown && tip.status === 'new' && tip.can.handle && !tip.isTest;
  if (!loaded || (!callDown && !canMark && !error)) return null;
  return (
    <View className='card call-down-card'>
      <Text className='subtitle'>紧急呼叫</Text>
      {callDown && (
        <View>
          <Text className={callDown.status === 'exhausted' ? 'warning' : 'p'}>{CALL_DOWN_STATUS_LABELS[callDown.status]}</Text>
          <Text className='muted'>原因：{CALL_DOWN_REASON_LABELS[callDown.reason]} · 开始于 {formatDateTime(callDown.startedAt)}</Text>
          {!callDown.telephony && <Text className='muted'>本服务器未配置短信和语音电话，仅通过微信消息和站内消息通知。</Text>}
          {callDown.steps.map((s, i) => (
            <View key={`${s.at}-${s.channel}-${i}`} className='call-down-step'>
              <Text className='p'>
                {formatDateTime(s.at)} · {s.personLabel}{s.phoneMasked ? ` · ${s.phoneMasked}` : ''} · {URGENT_CHANNEL_LABELS[s.channel]} · {URGENT_STEP_OUTCOME_LABELS[s.outcome]}
              </Text>
            </View>
          ))}
        </View>
      )}
      {canMark && (
        <View>
          <Text className='muted'>标记为紧急后，会按学校的紧急呼叫名单依次发短信、打电话，直到有人受理这条举报。</Text>
          <Button className='btn danger call-down-mark' disabled={action.busy || undefined} onClick={() => void mark()}>标记紧急</Button>
        </View>
      )}
      {error && <Text className='error-text'>{error}</Text>}
    </View>
  );
}
