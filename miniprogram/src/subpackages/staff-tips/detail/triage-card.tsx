import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  formatDateTime, TIP_OUTCOME_HINTS, TIP_OUTCOME_LABELS, TRIAGE_LIMITS, TRIAGE_OUTCOMES, type MergeTarget, type TipDetail, type TriageOutcome,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { tipTriageApi } from '../../../api/tip-triage';
import { a11y } from '../../../a11y';
import { useAction } from '../../../components/use-action';

/**
 * 分流: on an open case, close it as 恶意/虚假举报, 玩笑 or 非欺凌-其他求助 (with where it was referred), or merge it into
 * another open case of the school (重复). On a closed case, how it was triaged, with the no-action statement of a
 * 恶意/虚假 case. Labels and meanings come from shared/src/api/tip-triage.ts.
 */
export function TriageCard(props: { tip: TipDetail; onChanged: () => void }) {
  const { tip, onChanged } = props;
  const [choice, setChoice] = useState<TriageOutcome | 'duplicate' | null>(null);
  const [referredTo, setReferredTo] = useState('');
  const [targets, setTargets] = useState<MergeTarget[] | null>(null);
  const [primary, setPrimary] = useState<string | null>(null);
  const action = useAction();

  if (tip.triage) {
    return (
      <View className='card triage-card'>
        <Text className='subtitle'>分流结果：{tip.triage.outcomeLabel}</Text>
        {tip.triage.referredTo && <Text className='p'>已转介到：{tip.triage.referredTo}</Text>}
        {tip.triage.mergedIntoId && <Text className='p'>已合并到本校另一件举报处理（举报人仍可在原回执码下查看进展和留言）。</Text>}
        {tip.triage.statement && <Text className='notice no-action-statement'>{tip.triage.statement}</Text>}
        <Text className='muted'>{formatDateTime(tip.triage.at)}</Text>
      </View>
    );
  }
  if (!tip.can.handle || tip.status === 'closed' || tip.isTest) return null;

  const pick = async (c: TriageOutcome | 'duplicate') => {
    setChoice(choice === c ? null : c);
    // Another choice clears the line; the merge targets load on the first pick of 重复.
    action.clear();
    if (c === 'duplicate' && !targets) {
      try {
        setTargets(await tipTriageApi.mergeTargets(tip.id));
      } catch (e) {
        action.refuse(errorText(e));
      }
    }
  };
  const confirm = async () => {
    if (!choice) return;
    if (choice === 'referred' && !referredTo.trim()) return action.refuse('请写明转介到哪里（例如心理辅导室、社区民警）');
    if (choice === 'duplicate' && !primary) return action.refuse('请选择要合并到的举报');
    await action.run(async () => {
      if (choice === 'duplicate') await tipTriageApi.merge(tip.id, { version: tip.version, primaryTipId: primary! });
      else await tipTriageApi.triage(tip.id, { version: tip.version, outcome: choice, ...(choice === 'referred' ? { referredTo: referredTo.trim() } : {}) });
      onChanged();
    }, { done: `已标为${TIP_OUTCOME_LABELS[choice]}` });
  };

  return (
    <View className='card triage-card'>
      <Text className='subtitle'>分流（不需要调查的举报）</Text>
      <View className='choice-list'>
        {[...TRIAGE_OUTCOMES, 'duplicate' as const].map((o) => (
          <View key={o} className={`choice triage-choice${choice === o ? ' selected' : ''}`} {...a11y({ role: 'radio', checked: choice === o })} onClick={() => void pick(o)}>
            <Text>{TIP_OUTCOME_LABELS[o]}</Text>
            <Text className='muted'>{TIP_OUTCOME_HINTS[o]}</Text>
          </View>
        ))}
      </View>
      {choice === 'referred' && (
        <View className='field'>
          <Text className='label'>转介到哪里（必填）</Text>
          <Input className='input referred-input' value={referredTo} maxlength={TRIAGE_LIMITS.referredToMax} placeholder='例如：学校心理辅导室' onInput={(e) => setReferredTo(e.detail.value)} />
        </View>
      )}
      {choice === 'duplicate' && targets && (
        <View className='choice-list merge-targets'>
          {targets.length === 0 && <Text className='muted'>本校没有其他正在处理的举报可以合并。</Text>}
          {targets.map((x) => (
            <View key={x.id} className={`choice merge-target${primary === x.id ? ' selected' : ''}`} {...a11y({ role: 'radio', checked: primary === x.id })} onClick={() => setPrimary(x.id)}>
              <Text>{x.category} · 提交于 {formatDateTime(x.submittedAt)}</Text>
            </View>
          ))}
        </View>
      )}
      {choice && (
        <Button className='btn primary confirm-triage' disabled={action.busy || undefined} onClick={() => void confirm()}>
          {choice === 'duplicate' ? '合并为重复' : `结案为「${TIP_OUTCOME_LABELS[choice]}」`}
        </Button>
      )}
      {action.error && <Text className='error-text'>{action.error}</Text>}
    </View>
  );
}
