import { useEffect, useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { DECIDED, TIP_LIMITS, TIP_STATUS_LABELS, TIP_STATUS_TRANSITIONS, type TipDetail, type TipStatus } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';
import { a11y } from '../../../a11y';
import { ActionError } from '../../../components/ActionError';
import type { CaseActions } from './use-case-actions';

/** `value` when it is not empty and differs from what the case holds, else nothing to send. */
const changed = (value: string, current: string | null) => (value.trim() && value.trim() !== (current ?? '') ? value.trim() : undefined);

/**
 * 处理进度: the next statuses the case may take. A finding takes the outcome report (处理结果); closing needs it and may tell the reporter an outcome of the school's choosing (告知举报人的处理结果),
 * the only outcome text the reporter ever sees.
 */
export function StatusCard(props: { tip: TipDetail; actions: CaseActions }) {
  const { tip, actions } = props;
  const [target, setTarget] = useState<TipStatus | null>(null);
  const [outcome, setOutcome] = useState(tip.outcome ?? '');
  const [reporterOutcome, setReporterOutcome] = useState(tip.reporterOutcome ?? '');
  // A changed case (saved here, or by someone else: a 409 reloads it) starts the choice over.
  useEffect(() => {
    setTarget(null);
    setOutcome(tip.outcome ?? '');
    setReporterOutcome(tip.reporterOutcome ?? '');
  }, [tip.version]);
  const transitions = TIP_STATUS_TRANSITIONS[tip.status];
  if (!tip.can.handle || transitions.length === 0) return null;

  const confirm = async () => {
    if (!target) return;
    if (target === 'closed' && !outcome.trim()) return actions.fail('status', '结案前请填写处理结果（结案报告）');
    const ok = await actions.run('status', () => tipsApi.update(tip.id, {
      version: tip.version,
      status: target,
      ...(changed(outcome, tip.outcome) ? { outcome: changed(outcome, tip.outcome) } : {}),
      ...(target === 'closed' && changed(reporterOutcome, tip.reporterOutcome) ? { reporterOutcome: changed(reporterOutcome, tip.reporterOutcome) } : {}),
    }), `已改为${TIP_STATUS_LABELS[target]}`);
    if (ok) setTarget(null);
  };

  return (
    <View className='card status-card'>
      <Text className='subtitle'>处理进度</Text>
      <View className='choice-list'>
        {transitions.map((s) => (
          <View key={s} className={`choice${target === s ? ' selected' : ''}`} {...a11y({ role: 'radio', checked: target === s })} onClick={() => setTarget(target === s ? null : s)}>
            <Text>改为「{TIP_STATUS_LABELS[s]}」</Text>
          </View>
        ))}
      </View>
      {target && (
        <View>
          {(target === 'closed' || DECIDED.includes(target)) && (
            <View className='field'>
              <Text className='label'>处理结果（结案报告）{target === 'closed' ? '（必填）' : '（选填）'}</Text>
              <Textarea className='input textarea outcome-input' value={outcome} maxlength={TIP_LIMITS.outcomeMax} autoHeight placeholder='调查结论、处置意见、与双方家长沟通情况等' onInput={(e) => setOutcome(e.detail.value)} />
            </View>
          )}
          {target === 'closed' && (
            <View className='field'>
              <Text className='label'>告知举报人的处理结果（选填）</Text>
              <Text className='muted'>只有这段文字会显示在举报人的查看页面上；上面的处理结果和措施举报人看不到。</Text>
              <Textarea
                className='input textarea reporter-outcome-input'
                value={reporterOutcome}
                maxlength={TIP_LIMITS.reporterOutcomeMax}
                autoHeight
                placeholder='例如：学校已核实情况，与相关同学和家长谈话，并会持续关注。'
                onInput={(e) => setReporterOutcome(e.detail.value)}
              />
            </View>
          )}
          <Button className='btn primary change-status' disabled={actions.busy !== null || undefined} onClick={() => void confirm()}>确认改为「{TIP_STATUS_LABELS[target]}」</Button>
        </View>
      )}
      <ActionError error={actions.errors.status} />
    </View>
  );
}
