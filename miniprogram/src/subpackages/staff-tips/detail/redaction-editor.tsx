import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  applyMasks, formatDateTime, normalizeSpans, spansOf, TIP_REDACTED_FIELD_LABELS, type TextSpan, type TipRedactedField, type TipRedactionSummary,
  type TipRedactionView,
} from '@anxin/shared';
import { tipNotesApi } from '../../../api/tip-notes';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { segments, toggle } from './redaction-segments';
import './internal.css';

type Masks = Partial<Record<TipRedactedField, TextSpan[]>>;

/**
 * The 脱敏 screen: the original text with the spans the server proposed highlighted; tap one to hide it (dark) or
 * show it again; 按文字隐去 hides every occurrence of typed words. Before the first save every proposal starts
 * hidden; after it, what was saved. Saving replaces the masks everyone but the contact's 查看原文 sees.
 */
export function RedactionEditor(props: { tipId: string; view: TipRedactionView; onSaved: (s: TipRedactionSummary) => void; onClose: () => void }) {
  const { tipId, view, onSaved, onClose } = props;
  const [masks, setMasks] = useState<Masks>(() => Object.fromEntries(view.fields.map((f) => [f.field, view.savedAt ? f.masks : normalizeSpans(f.candidates, f.text.length)])));
  const [phrase, setPhrase] = useState('');
  const action = useAction();
  const hidePhrase = () => {
    const p = phrase.trim();
    if (!p) return;
    const next: Masks = { ...masks };
    let hits = 0;
    for (const f of view.fields) {
      const found = spansOf(f.text, p);
      hits += found.length;
      next[f.field] = normalizeSpans([...(next[f.field] ?? []), ...found], f.text.length);
    }
    if (!hits) return action.refuse(`原文中没有“${p}”`);
    action.clear();
    setMasks(next);
    setPhrase('');
  };
  const save = () => action.run(async () => {
    onSaved(await tipNotesApi.saveRedaction(tipId, { fields: view.fields.map((f) => ({ field: f.field, spans: masks[f.field] ?? [] })) }));
  }, { done: '已保存脱敏' });
  return (
    <View className='redaction-editor'>
      <Text className='muted'>黄色为系统找到的可能的个人信息，点一下隐去（变黑），再点一下恢复。保存后，教育局查看、台账导出和其他老师看到的都是隐去后的文字；原文仍加密保存，只有你能查看。</Text>
      {view.savedAt && <Text className='muted'>上次保存：{formatDateTime(view.savedAt)}{view.savedBy ? ` · ${view.savedBy.name}` : ''}</Text>}
      {view.fields.map((f) => (
        <View key={f.field} className='redaction-field'>
          <Text className='label'>{TIP_REDACTED_FIELD_LABELS[f.field]}</Text>
          <View className='p redaction-text'>
            {segments(f.text, f.candidates, masks[f.field] ?? []).map((s, i) => (s.span
              ? <Text key={i} className={`redaction-span${s.masked ? ' masked' : ''}`} onClick={() => setMasks({ ...masks, [f.field]: toggle(masks[f.field] ?? [], s.span!) })}>{s.text}</Text>
              : <Text key={i}>{s.text}</Text>))}
          </View>
          <Text className='muted redaction-preview'>隐去后：{applyMasks(f.text, masks[f.field] ?? [])}</Text>
        </View>
      ))}
      <Text className='label'>按文字隐去</Text>
      <Input className='input redaction-phrase' value={phrase} placeholder='输入要隐去的文字，例如一个名字' onInput={(e) => setPhrase(e.detail.value)} />
      <View className='btn-row'>
        <Button className='btn small hide-phrase' onClick={hidePhrase}>隐去这些文字</Button>
      </View>
      <View className='btn-row'>
        <Button className='btn primary save-redaction' disabled={action.busy || undefined} onClick={() => void save()}>保存脱敏</Button>
        <Button className='btn' onClick={onClose}>关闭</Button>
      </View>
      <ActionError error={action.error} />
    </View>
  );
}
