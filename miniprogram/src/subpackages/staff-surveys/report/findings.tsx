import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import {
  shareText, SURVEY_DATE_PATTERN, SURVEY_FINDING_LIMITS, SURVEY_KIND_LABELS, SURVEY_KINDS, SURVEY_PLACES, type SurveyFindingRequest,
  type SurveyFindingView, type SurveyKind, type SurveyReport,
} from '@anxin/shared';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { surveyStaffApi } from '../survey-staff-api';

/** Whether a figure went up, down or stayed (to the percent), in words. */
export function changeText(then: number | null, now: number | null): string {
  if (then === null || now === null) return '无法比较（回答少于 5 份）';
  const d = Math.round(now * 100) - Math.round(then * 100);
  return d === 0 ? '没有变化' : d > 0 ? `上升 ${d} 个百分点` : `下降 ${-d} 个百分点`;
}

function FindingRow(props: { f: SurveyFindingView; followUp: boolean }) {
  const { f } = props;
  return (
    <View className='survey-own'>
      <Text className='p'>{f.text}</Text>
      <Text className='muted'>措施：{f.measures}</Text>
      <Text className='muted'>完成日期：{f.dueOn}</Text>
      <Text className='muted'>
        {f.figureLabel}：{props.followUp ? `上次 ${shareText(f.then)} → 这次 ${shareText(f.now)}，${changeText(f.then, f.now)}` : shareText(f.then)}
      </Text>
    </View>
  );
}

/** A finding's form: grade (or the whole school), place, kind, words, measures and the day they are due. */
function MarkFinding(props: { surveyId: string; grades: string[]; onMarked: () => void }) {
  const [grade, setGrade] = useState<string | null>(null);
  const [place, setPlace] = useState<number | null>(null);
  const [kind, setKind] = useState<SurveyKind | null>(null);
  const [text, setText] = useState('');
  const [measures, setMeasures] = useState('');
  const [dueOn, setDueOn] = useState('');
  const action = useAction();
  const chip = (on: boolean, label: string, pick: () => void) => (
    <Text key={label} className={`chip${on ? ' on' : ''}`} onClick={pick} {...a11y({ role: 'radio', checked: on, label })}>{label}</Text>
  );
  const submit = async () => {
    if (!text.trim()) return action.refuse('请写明发现的问题');
    if (!measures.trim()) return action.refuse('请写明计划采取的措施');
    if (!SURVEY_DATE_PATTERN.test(dueOn)) return action.refuse('完成日期格式应为 2031-04-30');
    const body: SurveyFindingRequest = {
      text: text.trim(), measures: measures.trim(), dueOn,
      ...(grade !== null ? { gradeName: grade } : {}), ...(place !== null ? { place } : {}), ...(kind !== null ? { kind } : {}),
    };
    await action.run(async () => {
      await surveyStaffApi.markFinding(props.surveyId, body);
      setText('');
      setMeasures('');
      props.onMarked();
    }, { done: '已记录' });
  };
  return (
    <View className='survey-own'>
      <Text className='field-label'>记录一条发现</Text>
      <Text className='muted'>范围</Text>
      <View className='survey-chips'>{[chip(grade === null, '全校', () => setGrade(null)), ...props.grades.map((g) => chip(grade === g, g, () => setGrade(g)))]}</View>
      <Text className='muted'>地点（可不选）</Text>
      <View className='survey-chips'>{SURVEY_PLACES.map((p, i) => chip(place === i, p, () => setPlace(place === i ? null : i)))}</View>
      <Text className='muted'>欺凌类型（可不选）</Text>
      <View className='survey-chips'>{SURVEY_KINDS.map((k) => chip(kind === k, SURVEY_KIND_LABELS[k], () => setKind(kind === k ? null : k)))}</View>
      <Input className='input finding-text' value={text} maxlength={SURVEY_FINDING_LIMITS.textMax} placeholder='发现的问题，例如：三年级 厕所 肢体欺凌上升' onInput={(e) => setText(e.detail.value)} />
      <Textarea className='input finding-measures' value={measures} maxlength={SURVEY_FINDING_LIMITS.measuresMax} placeholder='计划采取的措施' onInput={(e) => setMeasures(e.detail.value)} />
      <Input className='input finding-due' value={dueOn} placeholder='完成日期，例如 2031-04-30' onInput={(e) => setDueOn(e.detail.value)} />
      {action.error && <Text className='error-text'>{action.error}</Text>}
      <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void submit()}>记录发现和措施</Button>
    </View>
  );
}

/** The report's findings: those of last semester's survey with the figure then and now, this survey's, and the form. */
export function SurveyFindings(props: { r: SurveyReport; onMarked: () => void }) {
  const { r } = props;
  return (
    <View>
      {r.followUps.length > 0 && (
        <View className='card'>
          <Text className='field-label'>上学期的发现：现在怎么样</Text>
          {r.followUps.map((f) => <FindingRow key={f.id} f={f} followUp />)}
        </View>
      )}
      <View className='card'>
        <Text className='field-label'>这次的发现与措施</Text>
        {r.findings.length === 0 && <Text className='muted'>还没有记录。记录下的发现会在下学期的问卷结果里显示前后对比。</Text>}
        {r.findings.map((f) => <FindingRow key={f.id} f={f} followUp={false} />)}
        {r.canMarkFindings && <MarkFinding surveyId={r.survey.id} grades={r.grades.map((g) => g.gradeName)} onMarked={props.onMarked} />}
      </View>
    </View>
  );
}
