import type { Dispatch } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { NOTICE_CONFIRM_MODE_LABELS, NOTICE_CONFIRM_MODES } from '@anxin/shared';
import { a11y } from '../../../a11y';
import { shanghaiWallClock, type EditorAction, type EditorState } from '../editor-state';
import { QuestionEditor } from './question-editor';

const DAY = 86_400_000;

/** A Shanghai date and time chosen with two pickers. */
export function WhenPicker(props: { value: { date: string; time: string }; onChange: (v: { date: string; time: string }) => void; label: string }) {
  const { value, onChange } = props;
  const today = shanghaiWallClock(new Date()).date;
  return (
    <View className='picker-row'>
      <Picker mode='date' value={value.date} start={today} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
        <View className='picker-value' {...a11y({ role: 'button', label: `${props.label}日期` })}>{value.date}</View>
      </Picker>
      <Picker mode='time' value={value.time} onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}>
        <View className='picker-value' {...a11y({ role: 'button', label: `${props.label}时间` })}>{value.time}</View>
      </Picker>
    </View>
  );
}

/**
 * 家长需要: what guardians are asked (read, 确认收到 or 签字确认), the optional 回执 question and the confirm deadline
 * (none, or a day and time; a week ahead at 18:00 when first chosen). The same card for a new notice and a correction.
 */
export function ConfirmationCard(props: { state: Pick<EditorState, 'confirmMode' | 'question' | 'deadline'>; edit: Dispatch<EditorAction> }) {
  const { state, edit } = props;
  const deadline = state.deadline;
  return (
    <View className='card'>
      <Text className='label'>家长需要</Text>
      <View className='choice-list'>
        {NOTICE_CONFIRM_MODES.map((m) => (
          <View key={m} className={`choice${state.confirmMode === m ? ' selected' : ''}`} onClick={() => edit({ type: 'set', patch: { confirmMode: m } })} {...a11y({ role: 'radio', checked: state.confirmMode === m })}>
            {NOTICE_CONFIRM_MODE_LABELS[m]}
          </View>
        ))}
      </View>
      <Text className='label editor-hint'>回执问题（可选）</Text>
      <QuestionEditor question={state.question} edit={edit} />
      <Text className='label editor-hint'>确认截止</Text>
      <View className='choice-list'>
        <View className={`choice${!deadline ? ' selected' : ''}`} onClick={() => edit({ type: 'set', patch: { deadline: null } })} {...a11y({ role: 'radio', checked: !deadline })}>不设截止</View>
        <View
          className={`choice${deadline ? ' selected' : ''}`}
          onClick={() => edit({ type: 'set', patch: { deadline: deadline ?? { date: shanghaiWallClock(new Date(Date.now() + 7 * DAY)).date, time: '18:00' } } })}
          {...a11y({ role: 'radio', checked: !!deadline })}
        >
          设置截止时间
        </View>
      </View>
      {deadline && <WhenPicker label='截止' value={deadline} onChange={(v) => edit({ type: 'set', patch: { deadline: v } })} />}
    </View>
  );
}
