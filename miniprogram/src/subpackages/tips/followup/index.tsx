import { useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { formatDateTime, reporterTrailLine, TIP_CATEGORY_LABELS, TIP_LIMITS, TIP_STATUS_LABELS, type TipStatus, type TipThreadResponse } from '@anxin/shared';
import { tipsApi } from '../../../api/tips';
import { Screen, toast } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import { decodeParam, followupErrorText, needsReceiptAgain, normalizeReceipt, receiptInputError } from '../receipt';
import { ReplyAlertSwitch } from './reply-alert';
import '../tips.css';

/** What each status means for the person who reported (no staff names, no case details). */
const STATUS_HINTS: Record<TipStatus, string> = {
  new: '学校已经收到，欺凌防治负责人会尽快受理。',
  acknowledged: '学校已受理，正在安排处理。',
  investigating: '学校正在调查了解情况。',
  confirmed: '学校调查后认定为欺凌，正在处理。',
  not_bullying: '学校调查后认为不构成欺凌。如有疑问可以继续留言。',
  false_report: '学校调查后认为情况与举报不符。如有疑问可以继续留言。',
  closed: '这件事学校已经处理完毕（已结案）。如有新情况可以继续留言或重新举报。',
};

/**
 * 我有回执码: receipt → a short-lived follow-up token (kept in this page's memory only) → status and the
 * thread with the school, and a reply box. The receipt itself is never stored.
 */
export function TipFollowupBody() {
  const params = useRouter().params ?? {};
  const schoolId = decodeParam(params.schoolId);
  const [receipt, setReceipt] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const [thread, setThread] = useState<TipThreadResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reply, setReply] = useState('');
  const [sending, setSending] = useState(false);

  if (!schoolId) {
    return (
      <View className='card'>
        <Text className='p'>请先在倾诉信箱首页选择学校。</Text>
        <Button className='btn primary' onClick={() => void openPage(ROUTES.tips)}>去倾诉信箱</Button>
      </View>
    );
  }

  const expired = (e: unknown) => {
    setToken(null);
    setThread(null);
    setError(followupErrorText(e));
  };

  const load = async (t: string) => {
    try {
      setThread(await tipsApi.thread(t));
      setError(null);
    } catch (e) {
      if (needsReceiptAgain(e)) expired(e);
      else setError(followupErrorText(e));
    }
  };

  const enter = async () => {
    const problem = receiptInputError(receipt);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { token: t } = await tipsApi.followupLogin(schoolId, normalizeReceipt(receipt));
      setToken(t);
      setReceipt('');
      await load(t);
    } catch (e) {
      setError(followupErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!token) return;
    const body = reply.trim();
    if (!body) {
      toast('请先写下要说的话');
      return;
    }
    setSending(true);
    try {
      const m = await tipsApi.reply(token, { body });
      setThread((t) => (t ? { ...t, messages: [...t.messages, m] } : t));
      setReply('');
      toast('已发送', 'success');
    } catch (e) {
      if (needsReceiptAgain(e)) expired(e);
      else toast(followupErrorText(e));
    } finally {
      setSending(false);
    }
  };

  if (!token || !thread) {
    return (
      <View className='tip-followup'>
        <View className='card'>
          <Text className='title'>查看学校回复</Text>
          <Text className='p'>输入提交举报时得到的 {TIP_LIMITS.receiptDigits} 位回执码。</Text>
          <Input
            className='input receipt-input'
            type='text'
            value={receipt}
            maxlength={TIP_LIMITS.receiptAsTypedMax}
            placeholder='例如 1234 5678 1234 5678'
            onInput={(e) => setReceipt(e.detail.value)}
            onConfirm={() => void enter()}
          />
          {error && <Text className='error-text followup-error'>{error}</Text>}
          <Button className='btn primary' disabled={busy || undefined} onClick={() => void enter()}>{busy ? '正在查看…' : '查看'}</Button>
          <Text className='muted'>回执码丢失后无法找回。如果找不到了，可以重新提交一份举报。</Text>
        </View>
      </View>
    );
  }

  return (
    <View className='tip-followup'>
      <View className='card'>
        <Text className='subtitle'>处理进度</Text>
        <Text className={`tag status-tag status-${thread.status}`}>{thread.statusLabel || TIP_STATUS_LABELS[thread.status]}</Text>
        {thread.mergedNote && <Text className='p status-hint merged-note'>{thread.mergedNote}</Text>}
        {thread.reopenedAt && thread.status !== 'closed' ? (
          <Text className='p status-hint reopened-hint'>学校在 {formatDateTime(thread.reopenedAt)} 重新打开了这件事，正在继续处理。</Text>
        ) : (
          <Text className='p status-hint'>{STATUS_HINTS[thread.status]}</Text>
        )}
        <Text className='muted'>类别：{TIP_CATEGORY_LABELS[thread.category]}</Text>
        <Text className='muted'>提交时间：{formatDateTime(thread.submittedAt)}</Text>
        {thread.acknowledgedAt && <Text className='muted'>受理时间：{formatDateTime(thread.acknowledgedAt)}</Text>}
        {thread.closedAt && <Text className='muted'>结案时间：{formatDateTime(thread.closedAt)}</Text>}
      </View>
      <View className='card reporter-trail'>
        <Text className='subtitle'>处理记录</Text>
        <Text className='muted'>学校里谁在什么时候看过、受理了你的举报（来自不可更改的操作记录）。</Text>
        {thread.trail.length === 0 && <Text className='p trail-empty'>还没有老师打开这份举报。</Text>}
        {thread.trail.map((e, i) => (
          <Text key={i} className={`p trail-line trail-${e.kind}`}>{reporterTrailLine(e)}</Text>
        ))}
      </View>
      {thread.status === 'closed' && thread.outcome && (
        <View className='card school-outcome'>
          <Text className='subtitle'>学校告诉你的处理结果</Text>
          <Text className='p school-outcome-text'>{thread.outcome}</Text>
        </View>
      )}
      {thread.status !== 'closed' && <ReplyAlertSwitch followupToken={token} />}

      <View className='card'>
        <Text className='subtitle'>和学校的对话</Text>
        {thread.messages.length === 0 && <Text className='muted'>学校还没有回复。回复后会显示在这里。</Text>}
        {thread.messages.map((m) => (
          <View key={m.id} className={`bubble ${m.from === 'school' ? 'from-school' : 'from-me'}`}>
            <Text className='bubble-who'>{m.from === 'school' ? '学校' : '我'} · {formatDateTime(m.at)}</Text>
            <Text className='bubble-body'>{m.body}</Text>
          </View>
        ))}
        <Button className='btn small' onClick={() => void load(token)}>刷新</Button>
      </View>

      <View className='card'>
        <Text className='label'>继续留言（学校仍然看不到你是谁）</Text>
        <Textarea
          className='input textarea reply-input'
          value={reply}
          maxlength={TIP_LIMITS.messageMax}
          autoHeight
          placeholder='补充情况，或回答老师的问题'
          onInput={(e) => setReply(e.detail.value)}
        />
        <Button className='btn primary send-reply' disabled={sending || undefined} onClick={() => void send()}>{sending ? '正在发送…' : '发送'}</Button>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      <Button className='btn' onClick={() => { setToken(null); setThread(null); }}>退出查看</Button>
    </View>
  );
}

export default function TipFollowupPage() {
  return <Screen>{() => <TipFollowupBody />}</Screen>;
}
