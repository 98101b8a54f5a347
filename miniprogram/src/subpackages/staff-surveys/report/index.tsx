import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  SURVEY_KIND_LABELS, SURVEY_PARENT_CHILD_TOLD, SURVEY_PARENT_SIGNS, SURVEY_PLACES, SURVEY_TOLD, shareText, surveyCountText, type SurveyFigures,
  type SurveyParentFigures, type SurveyReport,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { FigureTable, ShareBar } from '../../../components/Charts';
import { surveyStaffApi } from '../survey-staff-api';
import { SurveyFindings } from './findings';
import '../staff-surveys.css';

const mean = (m: number | null) => (m === null ? '—' : m.toFixed(1));

/** The figures of one group as bars: each kind of bullying, where, whom they told, how safe they feel. */
function Figures(props: { f: SurveyFigures; previous?: SurveyFigures | null }) {
  const { f, previous } = props;
  const before = (s: number | null | undefined) => (previous ? `上学期 ${shareText(s)}` : undefined);
  return (
    <View>
      <Text className='field-label'>这个月遇到过（任何频率）</Text>
      {f.kinds.map((k, i) => <ShareBar key={k.kind} label={SURVEY_KIND_LABELS[k.kind]} share={k.share} detail={before(previous?.kinds[i]?.share)} />)}
      <Text className='field-label'>发生在哪里（说了地点的学生中）</Text>
      {SURVEY_PLACES.map((p, i) => <ShareBar key={p} label={p} share={f.places[i]} />)}
      <Text className='field-label'>告诉了谁（回答了这题的学生中）</Text>
      <ShareBar label='告诉了别人' share={f.toldAnyone} detail={before(previous?.toldAnyone)} />
      {SURVEY_TOLD.map((p, i) => <ShareBar key={p} label={p} share={f.told[i]} />)}
      <ShareBar label='告诉别人后有帮助' share={f.helped} />
      <ShareBar label='看到别的同学被欺负' share={f.witnessed} />
      <ShareBar label='遇到过任何一种欺凌' share={f.prevalence} detail={before(previous?.prevalence)} />
      <Text className='muted'>在学校的安全感（1–5 分）：{mean(f.safetyMean)}{previous ? `，上学期 ${mean(previous.safetyMean)}` : ''}</Text>
    </View>
  );
}

/** The parent questionnaire's figures, apart from the children's. */
function ParentFigures(props: { p: SurveyParentFigures }) {
  const { p } = props;
  return (
    <View className='card'>
      <Text className='field-label'>家长问卷（{surveyCountText(p.responses)} 份）</Text>
      <Text className='muted'>家长注意到的情况</Text>
      {SURVEY_PARENT_SIGNS.map((s, i) => <ShareBar key={s} label={s} share={p.signs[i]} />)}
      <ShareBar label='注意到其中任何一种' share={p.anySign} />
      <Text className='muted'>孩子有没有告诉过家长</Text>
      {SURVEY_PARENT_CHILD_TOLD.map((s, i) => <ShareBar key={s} label={s} share={p.childTold[i]} />)}
      <ShareBar label='告诉了老师或学校' share={p.toldSchool} />
      <Text className='muted'>家长眼中孩子在学校的安全感（1–5 分）：{mean(p.safetyMean)}</Text>
    </View>
  );
}

/**
 * A survey's results: response rates per class, the school's figures compared with last semester's survey, each
 * grade's, and the school's own questions. Any group of fewer than five answers shows <5 or —, never a figure; free
 * text only for the designated contact. Opening it is audited.
 */
export function SurveyReportBody(props: { id: string }) {
  const [r, setR] = useState<SurveyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => void surveyStaffApi.report(props.id).then(setR, (e) => setError(errorText(e)));
  useOnShow(load);
  if (error) return <Text className='error-text'>{error}</Text>;
  if (!r) return <Text className='muted center'>加载中…</Text>;
  return (
    <View>
      <View className='card'>
        <Text className='title'>{r.survey.title}</Text>
        <Text className='muted'>{r.survey.semesterLabel} · 共 {surveyCountText(r.overall.responses)} 份回答 · 想和老师谈谈 {surveyCountText(r.talkRequests)} 人</Text>
        <Text className='muted'>少于 5 份回答的班级或年级不显示数字（显示“&lt;5”或“—”），班级的回答计入年级。</Text>
        <View className='survey-chips no-print'>
          <Button className='btn small' onClick={() => void surveyStaffApi.exportFile(r.survey.id, 'xlsx', r.survey.title).catch((e) => toast(errorText(e)))}>导出表格（xlsx）</Button>
          <Button className='btn small' onClick={() => void surveyStaffApi.exportFile(r.survey.id, 'pdf', r.survey.title).catch((e) => toast(errorText(e)))}>导出会议用摘要（PDF）</Button>
        </View>
        <Text className='muted'>导出的文件只有汇总数字，不含学生的简答内容。</Text>
      </View>
      <View className='card'>
        <Text className='field-label'>各班答题率</Text>
        <FigureTable head={['班级', '已答', '学生', '答题率']} rows={r.classes.map((c) => ({ key: c.classId, cells: [c.className, surveyCountText(c.answers), String(c.students), shareText(c.rate)] }))} />
      </View>
      <View className='card'>
        <Text className='field-label'>全校{r.previous ? `（与上学期「${r.previous.survey.title}」对比）` : ''}</Text>
        <Figures f={r.overall} previous={r.previous?.overall ?? null} />
      </View>
      {r.grades.map((g) => (
        <View key={g.gradeName} className='card'>
          <Text className='field-label'>{g.gradeName}（{surveyCountText(g.responses)} 份）</Text>
          <Figures f={g} />
        </View>
      ))}
      {r.ownQuestions.map((q) => (
        <View key={q.questionId} className='card'>
          <Text className='field-label'>{q.text}（{surveyCountText(q.responses)} 份）</Text>
          {q.options.map((o) => <ShareBar key={o.option} label={o.option} share={o.share} />)}
          {q.type === 'text' && q.texts === null && <Text className='muted'>简答内容只有欺凌防治负责人能看到。</Text>}
          {q.texts?.map((t, i) => <Text key={i} className='survey-text-answer'>{t}</Text>)}
          {q.textsPending !== null && q.textsHeld !== null && (
            <Text className='muted'>
              只显示通过微信内容安全检查的回答。等待检查 {surveyCountText(q.textsPending)} 条，未通过或无法检查而暂扣 {surveyCountText(q.textsHeld)} 条。
            </Text>
          )}
        </View>
      ))}
      {r.parents && <ParentFigures p={r.parents} />}
      <SurveyFindings r={r} onMarked={load} />
    </View>
  );
}


export default function SurveyReportPage() {
  const { params } = useRouter();
  return <Screen>{() => <SurveyReportBody id={decodeURIComponent(params.id ?? '')} />}</Screen>;
}
