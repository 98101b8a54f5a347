import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { formatDateTime, TIP_NOTE_LIMITS, TIP_PROGRESS_STEP_LABELS, TIP_STATUS_LABELS, type TipDetail, type TipInternalProgress, type TipProgressStep } from '@anxin/shared';
import { tipNotesApi } from '../../../api/tip-notes';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import './internal.css';

const STEPS = Object.keys(TIP_PROGRESS_STEP_LABELS) as TipProgressStep[];

/** 内部进展: where the school is in its own investigation; the reporter keeps seeing the public status. */
export function InternalProgress(props: { tip: TipDetail; progress: TipInternalProgress | null; canWrite: boolean; onSaved: (p: TipInternalProgress) => void }) {
  const { tip, progress, canWrite, onSaved } = props;
  const [step, setStep] = useState<TipProgressStep | null>(null);
  const [detail, setDetail] = useState('');
  const action = useAction();
  const save = async () => {
    if (!step) return;
    if (step === 'other' && !detail.trim()) return action.refuse('选择“其他”时请写明进展');
    await action.run(async () => {
      onSaved(await tipNotesApi.setProgress(tip.id, { step, ...(detail.trim() ? { detail: detail.trim() } : {}) }));
      setStep(null);
      setDetail('');
    }, { done: '已更新内部进展' });
  };
  return (
    <View className='internal-progress'>
      <Text className='label'>内部进展</Text>
      <Text className='p current-progress'>
        {progress ? `${TIP_PROGRESS_STEP_LABELS[progress.step]}${progress.detail ? `：${progress.detail}` : ''}` : '还没有记录内部进展'}
      </Text>
      {progress && <Text className='muted'>{formatDateTime(progress.at)} · {progress.by.name}</Text>}
      <Text className='muted'>举报人看到的状态：{TIP_STATUS_LABELS[tip.status]}</Text>
      {canWrite && (
        <View>
          <View className='progress-steps'>
            {STEPS.map((s) => (
              <Button key={s} className={`btn small progress-step${step === s ? ' selected' : ''}`} onClick={() => setStep(s)}>{TIP_PROGRESS_STEP_LABELS[s]}</Button>
            ))}
          </View>
          {step && (
            <View>
              <Input className='input progress-detail' value={detail} maxlength={TIP_NOTE_LIMITS.progressDetailMax} placeholder={step === 'other' ? '写明进展（必填）' : '补充说明（可不填）'} onInput={(e) => setDetail(e.detail.value)} />
              <Button className='btn primary save-progress' disabled={action.busy || undefined} onClick={() => void save()}>保存进展</Button>
            </View>
          )}
        </View>
      )}
      <ActionError error={action.error} />
    </View>
  );
}
