import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  normalizeSurveyCode, SURVEY_CODE_PATTERN, SURVEY_LIMITS, SURVEY_TALK_LABEL, type SurveyCodeCheckResponse,
} from '@anxin/shared';
import { a11y } from '../../../a11y';
import { useAction } from '../../../components/use-action';
import { ROUTES, openPage } from '../../../routes';
import { surveyAnswerApi } from '../survey-api';
import { answerItems, pick, picked, typed, type Picks } from '../survey-flow';
import '../surveys.css';

type Stage =
  | { kind: 'code' }
  | { kind: 'questions'; survey: SurveyCodeCheckResponse; code: string; index: number }
  | { kind: 'talk'; survey: SurveyCodeCheckResponse; code: string }
  | { kind: 'done'; tipBoxSchoolId: string | null };

/**
 * 问卷调查, the child's page: no login and no WeChat identity (a shared classroom tablet). The child types the code on
 * their slip, answers one question per screen with large buttons (any question may be skipped), may tick
 * 我想和老师谈谈, and sends. Then the page forgets everything and is ready for the next child; a child who asked to
 * talk is offered the school's anonymous tip box, with nothing about them filled in.
 */
/**
 * `classSession`: set when the class teacher opened this page for their class on this device (问卷进度 → 本班答题页):
 * the server then refuses a code of another class. Without it (a child's own phone) any code of the school opens.
 */
export function SurveyAnswerBody(props: { classSession?: { classId: string; className: string } }) {
  const classId = props.classSession?.classId;
  const [stage, setStage] = useState<Stage>({ kind: 'code' });
  const [code, setCode] = useState('');
  const [picks, setPicks] = useState<Picks>({});
  const [talk, setTalk] = useState(false);
  // 开始答题 and 交上去 share one action (one error line per screen).
  const action = useAction();

  // Reached only after a successful send, which left no error.
  const reset = () => {
    setStage({ kind: 'code' });
    setCode('');
    setPicks({});
    setTalk(false);
  };

  const start = async () => {
    const c = normalizeSurveyCode(code);
    if (!SURVEY_CODE_PATTERN.test(c)) {
      action.refuse('答题码是纸条上的 8 位字母和数字');
      return;
    }
    await action.run(async () => {
      const survey = await surveyAnswerApi.check(c, classId);
      setPicks({});
      setStage({ kind: 'questions', survey, code: c, index: 0 });
    });
  };

  const send = (survey: SurveyCodeCheckResponse, c: string) => action.run(async () => {
    const res = await surveyAnswerApi.answer({ code: c, surveyId: survey.surveyId, classId, answers: answerItems(survey.questions, picks), talkToTeacher: talk });
    setPicks({});
    setCode('');
    setStage({ kind: 'done', tipBoxSchoolId: res.tipBox?.schoolId ?? null });
  });

  if (stage.kind === 'code') {
    return (
      <View className='survey-page'>
        <View className='card'>
          <Text className='title'>问卷调查</Text>
          {props.classSession && <Text className='survey-class-session'>本机答题班级：{props.classSession.className}</Text>}
          <Text className='survey-lead'>不用写名字，老师不知道哪份是你填的。请照实回答，不想回答的题可以跳过。</Text>
          <Text className='survey-label'>请输入纸条上的答题码</Text>
          <Input
            className='survey-code-input'
            value={code}
            maxlength={SURVEY_LIMITS.codeInputMax}
            placeholder='8 位答题码'
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void start()}
          />
          {action.error && <Text className='error-text'>{action.error}</Text>}
          <Button className='btn primary survey-big' disabled={action.busy || undefined} onClick={() => void start()}>开始答题</Button>
        </View>
      </View>
    );
  }

  if (stage.kind === 'done') {
    return (
      <View className='survey-page'>
        <View className='card center'>
          <Text className='survey-thanks'>谢谢你！</Text>
          <Text className='survey-lead'>你的回答已经交上去了。</Text>
          {stage.tipBoxSchoolId && (
            <View className='survey-talk-card'>
              <Text>你说想和老师谈谈。可以在「倾诉信箱」里写下想说的话，不用写名字，老师会看到并联系处理。</Text>
              <Button className='btn primary survey-big' onClick={() => void openPage(`${ROUTES.tipForm}?schoolId=${encodeURIComponent(stage.tipBoxSchoolId!)}`)}>
                去倾诉信箱
              </Button>
            </View>
          )}
          <Button className='btn survey-big' onClick={reset}>下一位同学答题</Button>
        </View>
      </View>
    );
  }

  const { survey } = stage;
  if (stage.kind === 'talk') {
    return (
      <View className='survey-page'>
        <View className='card'>
          <Text className='survey-question'>最后一题：你想和老师谈谈吗？</Text>
          <View
            className={`survey-option${talk ? ' on' : ''}`}
            onClick={() => setTalk(!talk)}
            {...a11y({ role: 'checkbox', checked: talk, label: SURVEY_TALK_LABEL })}
          >
            <Text>{talk ? '☑' : '☐'} {SURVEY_TALK_LABEL}</Text>
          </View>
          {action.error && <Text className='error-text'>{action.error}</Text>}
          <Button className='btn primary survey-big' disabled={action.busy || undefined} onClick={() => void send(survey, stage.code)}>交上去</Button>
          <Button className='btn survey-nav' onClick={() => setStage({ kind: 'questions', survey, code: stage.code, index: survey.questions.length - 1 })}>上一题</Button>
        </View>
      </View>
    );
  }

  const q = survey.questions[stage.index];
  const go = (index: number) => setStage(index >= survey.questions.length ? { kind: 'talk', survey, code: stage.code } : { kind: 'questions', survey, code: stage.code, index });
  const choose = (option: number) => {
    setPicks(pick(picks, q, option));
    if (q.type !== 'multiple') go(stage.index + 1); // one tap, next question
  };
  return (
    <View className='survey-page'>
      <View className='card'>
        <Text className='muted'>第 {stage.index + 1} 题，共 {survey.questions.length} 题</Text>
        <Text className='survey-question'>{q.text}</Text>
        {q.type === 'text' ? (
          <Input
            className='survey-text-input'
            value={typeof picks[q.id] === 'string' ? (picks[q.id] as string) : ''}
            maxlength={SURVEY_LIMITS.answerTextMax}
            placeholder='想写就写，不想写可以跳过'
            onInput={(e) => setPicks(typed(picks, q, e.detail.value))}
          />
        ) : (
          <View className={q.type === 'scale' && q.faces ? 'survey-faces' : 'survey-options'}>
            {q.options.map((o, i) => (
              <View
                key={o}
                className={`survey-option${picked(picks, q, i) ? ' on' : ''}`}
                onClick={() => choose(i)}
                {...a11y({ role: q.type === 'multiple' ? 'checkbox' : 'button', checked: picked(picks, q, i), label: o })}
              >
                {q.faces && <Text className='survey-face'>{q.faces[i]}</Text>}
                <Text>{o}</Text>
              </View>
            ))}
          </View>
        )}
        <View className='survey-nav-row'>
          {stage.index > 0 && <Button className='btn survey-nav' onClick={() => go(stage.index - 1)}>上一题</Button>}
          <Button className='btn primary survey-nav' onClick={() => go(stage.index + 1)}>{picks[q.id] === undefined ? '跳过' : '下一题'}</Button>
        </View>
      </View>
    </View>
  );
}

export default function SurveyAnswerPage() {
  const params = useRouter().params ?? {};
  const classId = decodeURIComponent(params.classId ?? '');
  return <SurveyAnswerBody classSession={classId ? { classId, className: decodeURIComponent(params.className ?? '') } : undefined} />;
}
