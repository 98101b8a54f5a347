import { useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  formatDate, formatDateTime, NOTICE_CONFIRM_MODE_LABELS, NOTICE_LIMITS,
  type AckNoticeRequest, type GuardianNoticeDetail, type MeResponse, type NoticeQuestion,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { GuardianAlerts } from '../../../components/GuardianAlerts';
import { NoticeAttachmentList } from '../../../components/NoticeAttachmentList';
import { NoticeBodyView } from '../../../components/NoticeBodyView';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { SignaturePad, type SignaturePadHandle } from '../../../components/SignaturePad';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { refreshGuardianNotices } from '../../../state/guardian-notices';
import { ackButtonText, childrenText, kindLabel } from '../notice-labels';
import { CorrectionBanner } from './correction-banner';
import '../notices.css';

interface Answer {
  choices: number[];
  text: string;
}

/** The 回执 question: one or several choices, or a short text. */
function QuestionField(props: { question: NoticeQuestion; answer: Answer; onChange: (a: Answer) => void; disabled: boolean }) {
  const { question: q, answer, onChange } = props;
  if (q.kind === 'text') {
    return (
      <View className='field'>
        <Text className='label'>{q.prompt}</Text>
        <Input
          className='input answer-text'
          value={answer.text}
          maxlength={NOTICE_LIMITS.answerTextMax}
          placeholder='请填写您的回答'
          disabled={props.disabled || undefined}
          onInput={(e) => onChange({ ...answer, text: e.detail.value })}
        />
      </View>
    );
  }
  const toggle = (i: number) => {
    if (props.disabled) return;
    if (q.kind === 'single') return onChange({ ...answer, choices: [i] });
    onChange({ ...answer, choices: answer.choices.includes(i) ? answer.choices.filter((c) => c !== i) : [...answer.choices, i].sort((a, b) => a - b) });
  };
  return (
    <View className='field'>
      <Text className='label'>{q.prompt}{q.kind === 'multiple' ? '（可多选）' : ''}</Text>
      <View className='choice-list'>
        {(q.options ?? []).map((o, i) => (
          <View key={i} className={`choice${answer.choices.includes(i) ? ' selected' : ''}`} onClick={() => toggle(i)} {...a11y({ role: q.kind === 'single' ? 'radio' : 'checkbox', checked: answer.choices.includes(i) })}>
            {o}
          </View>
        ))}
      </View>
    </View>
  );
}

/** What the guardian has done, each with the day it was recorded (receipts keep days, not times). */
function ReceiptFacts(props: { n: GuardianNoticeDetail }) {
  const { n } = props;
  const r = n.receipt;
  const answer = r.answer
    ? r.answer.text ?? (r.answer.choices ?? []).map((i) => n.question?.options?.[i] ?? `选项${i + 1}`).join('、')
    : null;
  const facts = [
    r.readOn && `已阅读（${r.readOn}）`,
    r.answeredOn && `已回复（${r.answeredOn}）：${answer ?? ''}`,
    r.confirmedOn && `已确认收到（${r.confirmedOn}）`,
    r.signedOn && `已签字（${r.signedOn}）`,
  ].filter((x): x is string => !!x);
  if (!facts.length) return null;
  return (
    <View className='receipt-facts'>
      {facts.map((f) => <Text key={f} className='ok-text'>✓ {f}</Text>)}
    </View>
  );
}

/**
 * One notice for a guardian: opening it records the read (once, as the day). The body is drawn natively
 * (NoticeBodyView); below it what the school asks — answer the 回执 question, tap 确认收到, or sign by hand — in one
 * submit. A recalled notice shows the school's reason instead of the content.
 */
export function NoticeDetailBody(props: { id: string }) {
  const [n, setN] = useState<GuardianNoticeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<Answer>({ choices: [], text: '' });
  const action = useAction();
  const busy = action.busy;
  const [inked, setInked] = useState(false);
  const [justDone, setJustDone] = useState(false);
  const pad = useRef<SignaturePadHandle>(null);

  useOnShow(() => {
    noticesApi.open(props.id).then(
      (d) => {
        setN(d);
        setError(null);
        void refreshGuardianNotices();
      },
      (e) => setError(errorText(e)),
    );
  });

  if (error && !n) return <View className='card'><Text className='error-text'>{error}</Text></View>;
  if (!n) return <Text className='muted center'>加载中…</Text>;

  const answering = n.pending.includes('answer');
  const signing = n.pending.includes('sign');
  const submit = async () => {
    const body: AckNoticeRequest = {};
    if (answering && n.question) {
      if (n.question.kind === 'text') {
        if (!answer.text.trim()) return action.refuse('请填写回执问题的回答');
        body.answer = { text: answer.text.trim() };
      } else {
        if (!answer.choices.length) return action.refuse('请选择回执问题的答案');
        body.answer = { choices: answer.choices };
      }
    }
    if (n.pending.includes('confirm')) body.confirm = true;
    if (signing) {
      if (!pad.current?.hasInk()) return action.refuse('请先在签名框内签名');
      try {
        body.signature = (await pad.current.toPng()).base64;
      } catch (e) {
        return action.refuse(e instanceof Error ? e.message : '签名无法保存，请清除后重新签名');
      }
    }
    await action.run(async () => {
      const next = await noticesApi.ack(n.id, body);
      setN({ ...n, receipt: next.receipt, pending: next.pending });
      if (!next.pending.length) setJustDone(true);
      // The toast says whether anything is still asked of the guardian, so the page shows it itself.
      toast(next.pending.length ? '已提交' : '已完成，谢谢您', next.pending.length ? 'none' : 'success');
      void refreshGuardianNotices();
    });
  };

  return (
    <View>
      <View className={`card notice-head${n.kind === 'warning' ? ' warning' : ''}`}>
        <View className='tag-line'>
          <Text className={`tag kind-${n.kind}`}>{kindLabel(n.kind)}</Text>
          {n.status === 'closed' && <Text className='tag state-off'>已截止</Text>}
          {n.status === 'recalled' && <Text className='tag state-off'>已撤回</Text>}
          {n.correctionNote && <Text className='tag correction'>更正</Text>}
          {n.corrected && <Text className='tag state-off'>已更正</Text>}
        </View>
        <Text className='title notice-title'>{n.title}</Text>
        <Text className='muted'>{n.schoolName} · {formatDate(n.publishedAt)} 发布</Text>
        {n.children.length > 0 && <Text className='muted'>关于：{childrenText(n.children)}</Text>}
        {n.confirmDeadline && n.status !== 'recalled' && <Text className='muted'>请在 {formatDateTime(n.confirmDeadline)} 前{NOTICE_CONFIRM_MODE_LABELS[n.confirmMode]}</Text>}
      </View>

      {!n.recall && <CorrectionBanner n={n} />}
      {n.recall ? (
        <View className='card recall-card'>
          <Text className='subtitle'>学校已撤回这条通知</Text>
          <Text className='p'>撤回原因：{n.recall.reason}</Text>
          <Text className='muted'>撤回于 {formatDateTime(n.recall.at)}</Text>
        </View>
      ) : (
        n.body && <View className='card'><NoticeBodyView body={n.body} noticeId={n.id} /></View>
      )}
      {!n.recall && <NoticeAttachmentList noticeId={n.id} body={n.body} />}

      {!n.recall && (
        <View className='card receipt-card'>
          <Text className='subtitle'>回执</Text>
          <ReceiptFacts n={n} />
          {answering && n.question && <QuestionField question={n.question} answer={answer} onChange={setAnswer} disabled={busy} />}
          {signing && (
            <View className='field'>
              <Text className='label'>签字确认：请用手指（电脑上用鼠标）在框内签名</Text>
              <SignaturePad ref={pad} canvasId='notice-signature' onInk={setInked} disabled={busy} />
            </View>
          )}
          <ActionError error={action.error} />
          {n.pending.length > 0 && (
            <Button className='btn primary' disabled={busy || (signing && !inked) || undefined} onClick={() => void submit()}>
              {busy ? '正在提交…' : ackButtonText(n.confirmMode, answering)}
            </Button>
          )}
          {n.pending.length === 0 && !n.receipt.acknowledgedOn && n.status === 'closed' && <Text className='muted'>已过确认截止时间，无需再回复。</Text>}
          {n.pending.length === 0 && n.receipt.acknowledgedOn && <Text className='muted'>学校会看到您已完成（{n.receipt.acknowledgedOn}）。</Text>}
          {/* Right after confirming: the natural moment to ask for the next notice's WeChat alert (a tap opens the dialog). */}
          {justDone && <GuardianAlerts />}
          {n.confirmMode === 'read' && !n.question && <Text className='muted'>这条通知只需阅读，打开即表示已读。</Text>}
        </View>
      )}
    </View>
  );
}

export default function NoticeDetailPage() {
  const id = useRouter().params?.id ?? '';
  return <Screen>{(_me: MeResponse) => <NoticeDetailBody id={id} />}</Screen>;
}
