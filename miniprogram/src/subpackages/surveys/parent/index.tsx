import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { formatDate, type GuardianSurveyItem, type GuardianSurveyListResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { a11y } from '../../../a11y';
import { Screen, useOnShow } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { parentSurveyApi } from '../survey-api';
import { answerItems, pick, picked, type Picks } from '../survey-flow';
import '../surveys.css';

/** The parent questionnaire for one child: every question on one screen, any may be skipped. */
function ParentForm(props: { item: GuardianSurveyItem; questions: GuardianSurveyListResponse['questions']; onDone: () => void }) {
  const [picks, setPicks] = useState<Picks>({});
  const action = useAction();
  const send = () => action.run(async () => {
    await parentSurveyApi.answer(props.item.surveyId, { studentId: props.item.studentId, answers: answerItems(props.questions, picks) });
    props.onDone();
  }, { done: '已提交，谢谢您' });
  return (
    <View className='card'>
      <Text className='title'>{props.item.title} · {props.item.childName}</Text>
      <Text className='muted'>{props.item.schoolName} · {formatDate(props.item.closesAt)} 截止</Text>
      <Text className='survey-lead'>学校看不到哪份回答是您填的：只统计全校家长的汇总，少于 5 份不显示。不想回答的题可以跳过。</Text>
      {props.questions.map((q) => (
        <View key={q.id}>
          <Text className='survey-question'>{q.text}</Text>
          <View className={q.faces ? 'survey-faces' : 'survey-options'}>
            {q.options.map((o, i) => (
              <View
                key={o}
                className={`survey-option${picked(picks, q, i) ? ' on' : ''}`}
                onClick={() => setPicks(pick(picks, q, i))}
                {...a11y({ role: q.type === 'multiple' ? 'checkbox' : 'radio', checked: picked(picks, q, i), label: o })}
              >
                {q.faces && <Text className='survey-face'>{q.faces[i]}</Text>}
                <Text>{o}</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
      {action.error && <Text className='error-text'>{action.error}</Text>}
      <Button className='btn primary survey-big' disabled={action.busy || undefined} onClick={() => void send()}>提交</Button>
    </View>
  );
}

/**
 * 家长问卷: the open surveys of the schools asking guardians about a bound child, one per child. What is answered is
 * stored apart from who answered (the server keeps only a keyed token that this guardian answered for this child).
 */
export function ParentSurveysBody() {
  const [data, setData] = useState<GuardianSurveyListResponse | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => parentSurveyApi.list().then((d) => { setData(d); setError(null); }, (e) => setError(errorText(e)));
  useOnShow(() => void load());
  if (error) return <Text className='error-text'>{error}</Text>;
  if (!data) return <Text className='muted center'>加载中…</Text>;
  if (!data.items.length) return <View className='card'><Text className='muted'>现在没有需要您填写的家长问卷。</Text></View>;
  const keyOf = (i: GuardianSurveyItem) => `${i.surveyId}:${i.studentId}`;
  const current = data.items.find((i) => keyOf(i) === open);
  if (current) return <ParentForm item={current} questions={data.questions} onDone={() => { setOpen(null); void load(); }} />;
  return (
    <View>
      {data.items.map((i) => (
        <View key={keyOf(i)} className='card'>
          <Text className='title'>{i.title} · {i.childName}</Text>
          <Text className='muted'>{i.schoolName} · {formatDate(i.closesAt)} 截止</Text>
          {i.answered ? <Text className='muted'>已填写，谢谢您</Text> : <Button className='btn primary' onClick={() => setOpen(keyOf(i))}>填写</Button>}
        </View>
      ))}
    </View>
  );
}

export default function ParentSurveysPage() {
  return <Screen>{() => <ParentSurveysBody />}</Screen>;
}
