import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { TIP_REDACTED_FIELD_LABELS, type TipDetail, type TipRedactionSummary, type TipRedactionView } from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { tipNotesApi } from '../../../api/tip-notes';
import { ActionError } from '../../../components/ActionError';
import { RedactionEditor } from './redaction-editor';
import './internal.css';

/**
 * 脱敏: whether the case's text is masked for everyone but the designated contact, and for the contact the prompt
 * (a case escalated to the district with proposals nobody reviewed; escalation itself is never held up), the 脱敏
 * screen and 查看原文. Opening the original is recorded in the case history.
 */
export function CaseRedaction(props: { tip: TipDetail; onChanged: () => void }) {
  const { tip, onChanged } = props;
  const [summary, setSummary] = useState<TipRedactionSummary | null>(null);
  const [view, setView] = useState<TipRedactionView | null>(null);
  const [mode, setMode] = useState<'edit' | 'original' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    tipNotesApi.redactionSummary(tip.id).then((s) => live && setSummary(s), (e) => {
      if (live && !(e instanceof ApiError && (e.status === 403 || e.status === 404))) setError(errorText(e));
    });
    return () => { live = false; };
  }, [tip.id, tip.escalationLevel]);
  if (!summary) return error ? <Text className='error-text'>{error}</Text> : null;
  if (!summary.canRedact && !summary.masked) return null;

  const open = async (next: 'edit' | 'original') => {
    setError(null);
    try {
      setView(await tipNotesApi.redaction(tip.id));
      setMode(next);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const saved = (s: TipRedactionSummary) => {
    setSummary(s);
    setMode(null);
    setView(null);
    onChanged();
  };
  return (
    <View className='card redaction-card'>
      <Text className='subtitle'>脱敏</Text>
      {summary.masked
        ? <Text className='p redaction-state'>已隐去 {summary.maskCount} 处文字：教育局查看、台账导出和其他老师看到的是隐去后的内容。</Text>
        : <Text className='muted redaction-state'>{summary.reviewed ? '已确认无需隐去。' : '案件升级到教育局或导出台账前，可以隐去姓名、电话、住址等个人信息。'}</Text>}
      {summary.canRedact && summary.escalatedToDistrict && summary.unconfirmedCandidates > 0 && (
        <Text className='redaction-prompt'>此案已升级至教育局，文字中有 {summary.unconfirmedCandidates} 处可能的个人信息尚未确认是否隐去。升级不受影响，请尽快确认。</Text>
      )}
      {summary.canRedact && mode === null && (
        <View className='btn-row'>
          <Button className='btn primary open-redaction' onClick={() => void open('edit')}>脱敏</Button>
          {summary.masked && <Button className='btn view-original' onClick={() => void open('original')}>查看原文</Button>}
        </View>
      )}
      {summary.canRedact && <Text className='muted'>打开脱敏或查看原文会记入处理记录。</Text>}
      {mode === 'edit' && view && <RedactionEditor tipId={tip.id} view={view} onSaved={saved} onClose={() => setMode(null)} />}
      {mode === 'original' && view && (
        <View className='redaction-original'>
          {view.fields.map((f) => (
            <View key={f.field}>
              <Text className='label'>{TIP_REDACTED_FIELD_LABELS[f.field]}（原文）</Text>
              <Text className='p original-text'>{f.text}</Text>
            </View>
          ))}
          <Button className='btn' onClick={() => setMode(null)}>收起原文</Button>
        </View>
      )}
      <ActionError error={error} />
    </View>
  );
}
