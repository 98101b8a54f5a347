import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  compareNumberedNames, formatDate, SURVEY_CORE_QUESTIONS, SURVEY_LIMITS, type ClassResponse, type MeResponse, type SurveyQuestionType,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { schoolsApi } from '../../../api/schools';
import { Screen } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { openSurveyRequest, surveySchool, type OwnQuestionDraft } from '../survey-form';
import { SURVEY_PAGES, surveyStaffApi } from '../survey-staff-api';
import '../staff-surveys.css';

const TYPE_LABELS: Record<SurveyQuestionType, string> = { single: '单选', multiple: '多选', scale: '1–5 分', text: '简答' };
const TWO_WEEKS_MS = 13 * 86_400_000;

/**
 * Opening a survey: the classes (by grade), the days it is open, and up to five questions of the school's own after
 * the standard ones (which cannot be changed: they are what compares one semester with the next).
 */
export function OpenSurveyBody(props: { me: MeResponse; now?: Date }) {
  const school = surveySchool(props.me);
  const now = props.now ?? new Date();
  const [classes, setClasses] = useState<ClassResponse[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [title, setTitle] = useState('');
  const [fromDay, setFromDay] = useState(formatDate(now));
  const [toDay, setToDay] = useState(formatDate(new Date(now.getTime() + TWO_WEEKS_MS)));
  const [own, setOwn] = useState<OwnQuestionDraft[]>([]);
  const [parents, setParents] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();

  useEffect(() => {
    if (school) schoolsApi.classes(school.id).then((c) => setClasses(c), (e) => setLoadError(errorText(e)));
  }, [school?.id]);

  if (!school?.canManage) return <View className='card'><Text className='muted'>问卷调查由校长和欺凌防治负责人发起。</Text></View>;
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  const edit = (i: number, patch: Partial<OwnQuestionDraft>) => setOwn(own.map((q, n) => (n === i ? { ...q, ...patch } : q)));
  const sorted = [...(classes ?? [])].sort((a, b) => compareNumberedNames(a.gradeName, b.gradeName) || compareNumberedNames(a.name, b.name));

  const submit = async () => {
    const body = openSurveyRequest({ title, classIds: chosen, fromDay, toDay, own, parents }, new Date());
    if (typeof body === 'string') {
      action.refuse(body);
      return;
    }
    await action.run(async () => {
      const created = await surveyStaffApi.open(school.id, body);
      await Taro.redirectTo({ url: `${SURVEY_PAGES.detail}?id=${encodeURIComponent(created.id)}` });
    });
  };
  // One line under the form: what the last tap was refused for, else why the classes did not load.
  const error = action.error ?? loadError;

  return (
    <View>
      <View className='card'>
        <Text className='title'>发起问卷调查</Text>
        <Text className='muted'>一至三年级用简短版（老师在课堂上读题），四年级以上用完整版。标准问题共 {SURVEY_CORE_QUESTIONS.full.length} 题，不能删改，以便和上学期对比。</Text>
        <Text className='field-label'>标题（可不填）</Text>
        <Input className='input' value={title} maxlength={SURVEY_LIMITS.titleMax} placeholder='防欺凌问卷调查' onInput={(e) => setTitle(e.detail.value)} />
        <Text className='field-label'>开始日期</Text>
        <Input className='input survey-from' value={fromDay} onInput={(e) => setFromDay(e.detail.value)} />
        <Text className='field-label'>结束日期（当天 24 点结束）</Text>
        <Input className='input survey-to' value={toDay} onInput={(e) => setToDay(e.detail.value)} />
      </View>
      <View className='card'>
        <Text className='field-label'>参加的班级（已选 {chosen.length} 个）</Text>
        {!classes && <Text className='muted'>加载中…</Text>}
        <View className='survey-chips'>
          {sorted.map((c) => (
            <Text
              key={c.id}
              className={`chip${chosen.includes(c.id) ? ' on' : ''}`}
              onClick={() => toggle(c.id)}
              {...a11y({ role: 'checkbox', checked: chosen.includes(c.id), label: `${c.gradeName}${c.name}` })}
            >
              {c.gradeName}{c.name}
            </Text>
          ))}
        </View>
      </View>
      <View className='card'>
        <Text className='field-label'>学校自己的问题（最多 {SURVEY_LIMITS.customQuestionsMax} 个，放在标准问题之后）</Text>
        {own.map((q, i) => (
          <View key={i} className='survey-own'>
            <View className='survey-chips'>
              {(Object.keys(TYPE_LABELS) as SurveyQuestionType[]).map((t) => (
                <Text key={t} className={`chip${q.type === t ? ' on' : ''}`} onClick={() => edit(i, { type: t })}>{TYPE_LABELS[t]}</Text>
              ))}
            </View>
            <Input className='input' value={q.text} maxlength={SURVEY_LIMITS.questionTextMax} placeholder={`第 ${i + 1} 个问题`} onInput={(e) => edit(i, { text: e.detail.value })} />
            {(q.type === 'single' || q.type === 'multiple') && (
              <Input className='input' value={q.options} placeholder='选项，用顿号分开：喜欢、一般、不喜欢' onInput={(e) => edit(i, { options: e.detail.value })} />
            )}
            <Button className='btn small' onClick={() => setOwn(own.filter((_, n) => n !== i))}>删除这个问题</Button>
          </View>
        ))}
        {own.length < SURVEY_LIMITS.customQuestionsMax && (
          <Button className='btn small' onClick={() => setOwn([...own, { type: 'single', text: '', options: '' }])}>添加一个问题</Button>
        )}
      </View>
      <View className='card'>
        <Text className='field-label'>家长问卷</Text>
        <View className='survey-chips'>
          <Text className={`chip${parents ? ' on' : ''}`} onClick={() => setParents(!parents)} {...a11y({ role: 'checkbox', checked: parents, label: '同时请这些班级的家长填写家长问卷' })}>
            同时请这些班级的家长填写家长问卷
          </Text>
        </View>
        <Text className='muted'>家长在小程序里为每个已绑定的孩子填一次（有没有注意到异常、孩子有没有说过），结果与学生的分开统计。</Text>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void submit()}>发起并生成答题码</Button>
    </View>
  );
}

export default function OpenSurveyPage() {
  return <Screen>{(me) => <OpenSurveyBody me={me} />}</Screen>;
}
