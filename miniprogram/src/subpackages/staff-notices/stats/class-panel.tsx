import { useEffect, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  formatDateTime, NOTICE_REMIND_INTERVAL_HOURS,
  type NoticeClassReceipt, type NoticeClassReceiptsResponse, type NoticeConfirmMode, type NoticePendingResponse,
} from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { ActionError } from '../../../components/ActionError';
import { toast } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { ROUTES } from '../../../routes';

/** A guardian's signature, fetched with the session when asked for (each view is audited by the server). */
function SignatureView(props: { noticeId: string; receipt: NoticeClassReceipt }) {
  const [src, setSrc] = useState<string | null>(null);
  const action = useAction();
  const show = () => action.run(async () => {
    setSrc(await noticesApi.signature(props.noticeId, props.receipt.receiptId));
  });
  if (src) return <Image className='signature-img' src={src} mode='aspectFit' />;
  return (
    <View>
      <Button className='btn small' disabled={action.busy || undefined} onClick={() => void show()}>{action.busy ? '加载中…' : '查看签字'}</Button>
      <ActionError error={action.error} />
    </View>
  );
}

const who = (e: { studentName: string; relationLabel: string }) => `${e.studentName}的${e.relationLabel}`;

/**
 * One class of a notice: who has not yet done what it asks (child and relation: 王小明的母亲), the one-tap reminder
 * to them (once per 12 hours per class, which the server enforces and this says), and every receipt with its days,
 * answer and signature, and 证明: the page that checks the receipt is sealed into the audit chain as it is.
 */
export function ClassPanel(props: { noticeId: string; classId: string; confirmMode: NoticeConfirmMode; canRemind: boolean; onChanged: () => void }) {
  const [pending, setPending] = useState<NoticePendingResponse | null>(null);
  const [receipts, setReceipts] = useState<NoticeClassReceiptsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reminding, setReminding] = useState(false);
  const [remindNote, setRemindNote] = useState<string | null>(null);

  const load = async () => {
    try {
      const [p, r] = await Promise.all([noticesApi.pending(props.noticeId, props.classId), noticesApi.classReceipts(props.noticeId, props.classId)]);
      setPending(p);
      setReceipts(r);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => void load(), [props.noticeId, props.classId]);

  const remind = async () => {
    setReminding(true);
    setRemindNote(null);
    try {
      const res = await noticesApi.remind(props.noticeId, props.classId);
      setRemindNote(res.reminded > 0 ? `已提醒 ${res.reminded} 位家长。` : '没有需要提醒的家长。');
      toast(res.reminded > 0 ? '已提醒' : '没有需要提醒的家长', res.reminded > 0 ? 'success' : 'none');
      await load();
      props.onChanged();
    } catch (e) {
      const next = e instanceof ApiError && e.code === 'NOTICE_REMIND_TOO_SOON' ? (e.details as { nextRemindAt?: string } | undefined)?.nextRemindAt : null;
      setRemindNote(next ? `${errorText(e)}（${formatDateTime(next)} 后可再次提醒）` : errorText(e));
      await load();
    } finally {
      setReminding(false);
    }
  };

  if (error) return <Text className='error-text'>{error}</Text>;
  if (!pending || !receipts) return <Text className='muted'>加载中…</Text>;
  const nextAt = pending.nextRemindAt;
  const doneWord = props.confirmMode === 'sign' ? '签字' : props.confirmMode === 'confirm' ? '确认' : '阅读';
  return (
    <View className='class-panel'>
      <Text className='subtitle'>还没有{doneWord}的家长（{pending.entries.length}）</Text>
      {pending.entries.length === 0 && <Text className='ok-text'>这个班的家长都已完成。</Text>}
      {pending.entries.map((e) => (
        <View key={`${e.receiptId}:${e.studentId}`} className='pending-row'>
          <Text className='p'>{who(e)}</Text>
          <Text className='muted'>{e.readOn ? `已读（${e.readOn}），未${doneWord}` : e.delivered ? '已送达，未读' : '未读，微信消息还未送达'}</Text>
        </View>
      ))}
      {props.canRemind && pending.entries.length > 0 && (
        <View>
          <Button className='btn primary remind-btn' disabled={reminding || !!nextAt || undefined} onClick={() => void remind()}>
            {reminding ? '正在提醒…' : `一键提醒这 ${pending.entries.length} 位家长`}
          </Button>
          {nextAt && (
            <Text className='remind-note'>
              每个班 {NOTICE_REMIND_INTERVAL_HOURS} 小时内只能提醒一次。上次提醒：{formatDateTime(pending.lastRemindedAt)}，{formatDateTime(nextAt)} 后可再次提醒。
            </Text>
          )}
        </View>
      )}
      {remindNote && <Text className='remind-note'>{remindNote}</Text>}

      <Text className='subtitle'>全部回执（{receipts.entries.length}）</Text>
      {receipts.entries.map((r) => (
        <View key={`${r.receiptId}:${r.studentId}`} className='receipt-row'>
          <Text className='p'>{who(r)}{r.acknowledged ? ' · 已完成' : ''}</Text>
          <Text className='muted'>
            {[
              r.readOn ? `阅读 ${r.readOn}` : '未读',
              r.confirmedOn && `确认 ${r.confirmedOn}`,
              r.signedOn && `签字 ${r.signedOn}`,
              r.answer !== null && `回执：${r.answer}`,
            ].filter(Boolean).join(' · ')}
          </Text>
          {r.hasSignature && <SignatureView noticeId={props.noticeId} receipt={r} />}
          <Button
            className='btn small proof-btn'
            onClick={() => void Taro.navigateTo({ url: `${ROUTES.noticeProof}?id=${encodeURIComponent(props.noticeId)}&receipt=${encodeURIComponent(r.receiptId)}` })}
          >
            证明
          </Button>
        </View>
      ))}
    </View>
  );
}
