import type { Dispatch } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { NOTICE_LIMITS, NOTICE_QUESTION_KIND_LABELS, NOTICE_QUESTION_KINDS, type NoticeQuestionKind } from '@anxin/shared';
import { a11y } from '../../../a11y';
import type { EditorAction, EditorQuestion } from '../editor-state';

/** The optional 回执 question: single choice, multiple choice (2–10 options) or a short text answer. */
export function QuestionEditor(props: { question: EditorQuestion | null; edit: Dispatch<EditorAction> }) {
  const { question: q, edit } = props;
  const choose = (kind: NoticeQuestionKind | null) => {
    if (!kind) return edit({ type: 'setQuestion', question: null });
    const options = q?.options.length ? q.options : ['', ''];
    edit({ type: 'setQuestion', question: { kind, prompt: q?.prompt ?? '', options } });
  };
  return (
    <View>
      <View className='choice-list'>
        <View className={`choice${!q ? ' selected' : ''}`} onClick={() => choose(null)} {...a11y({ role: 'radio', checked: !q })}>不需要</View>
        {NOTICE_QUESTION_KINDS.map((k) => (
          <View key={k} className={`choice${q?.kind === k ? ' selected' : ''}`} onClick={() => choose(k)} {...a11y({ role: 'radio', checked: q?.kind === k })}>
            {NOTICE_QUESTION_KIND_LABELS[k]}
          </View>
        ))}
      </View>
      {q && (
        <View className='question-fields'>
          <Input
            className='input question-prompt'
            value={q.prompt}
            maxlength={NOTICE_LIMITS.questionPromptMax}
            placeholder='问题，例如：您是否参加周五的家长会？'
            onInput={(e) => edit({ type: 'setQuestion', question: { ...q, prompt: e.detail.value } })}
          />
          {q.kind !== 'text' && (
            <View className='question-fields'>
              {q.options.map((o, i) => (
                <View key={i} className='option-row'>
                  <Input
                    className={`input question-option option-${i + 1}`}
                    value={o}
                    maxlength={NOTICE_LIMITS.questionOptionMax}
                    placeholder={`选项 ${i + 1}`}
                    onInput={(e) => edit({ type: 'setOption', index: i, text: e.detail.value })}
                  />
                  {q.options.length > NOTICE_LIMITS.questionOptionsMin && (
                    <Button className='btn small danger' onClick={() => edit({ type: 'removeOption', index: i })}>删除</Button>
                  )}
                </View>
              ))}
              {q.options.length < NOTICE_LIMITS.questionOptionsMax && <Button className='btn small' onClick={() => edit({ type: 'addOption' })}>+ 添加选项</Button>}
            </View>
          )}
          {q.kind === 'text' && <Text className='muted'>家长最多可以写 {NOTICE_LIMITS.answerTextMax} 个字。</Text>}
        </View>
      )}
    </View>
  );
}
