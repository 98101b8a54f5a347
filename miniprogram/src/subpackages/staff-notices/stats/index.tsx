import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import {
  formatDateTime, NOTICE_CONFIRM_MODE_LABELS, NOTICE_KIND_LABELS, NOTICE_LIMITS, Permission,
  type MeResponse, type NoticeClassStats, type NoticeCounts, type NoticeStaffDetail, type NoticeStatsResponse,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { noticesApi } from '../../../api/notices';
import { openSpreadsheet } from '../../../api/save-file';
import { NoticeBodyView } from '../../../components/NoticeBodyView';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { hasPermission } from '../../../state/session';
import { statusLabel } from '../notice-school';
import { ClassPanel } from './class-panel';
import { SignaturesZipButton } from './signatures-zip';
import { CorrectionLinks } from './correction-links';
import { ReviewPanel } from './review-panel';
import '../staff-notices.css';

/** While the fan-out runs, the page asks again this often (已发送 x / N). */
const PROGRESS_POLL_MS = 2000;

/** The count that says a guardian is done, for the notice's mode (confirmed, signed, or read). */
function doneCount(mode: NoticeStaffDetail['confirmMode'], c: NoticeCounts): { label: string; n: number } {
  if (mode === 'sign') return { label: '已签字', n: c.signed };
  if (mode === 'confirm') return { label: '已确认', n: c.confirmed };
  return { label: '已阅读', n: c.read };
}

function Counts(props: { mode: NoticeStaffDetail['confirmMode']; counts: NoticeCounts; question: boolean }) {
  const c = props.counts;
  const done = doneCount(props.mode, c);
  const cells = [
    { label: '收件家长', n: c.recipients },
    { label: '已送达', n: c.delivered },
    { label: '已阅读', n: c.read },
    ...(props.mode !== 'read' ? [{ label: done.label, n: done.n }] : []),
    ...(props.question ? [{ label: '已回执', n: c.answered }] : []),
  ];
  return (
    <View className='stats'>
      {cells.map((x) => (
        <View key={x.label} className='stat' {...a11y({ label: `${x.label} ${x.n} / ${c.recipients}` })}>
          <Text className='stat-n'>{x.label === '收件家长' ? x.n : `${x.n}/${c.recipients}`}</Text>
          <Text className='muted'>{x.label}</Text>
        </View>
      ))}
    </View>
  );
}

function Tally(props: { options: string[]; answers: number[] }) {
  return (
    <View className='tally'>
      {props.options.map((o, i) => (
        <View key={i} className='tally-row'>
          <Text>{o}</Text>
          <Text className='label'>{props.answers[i] ?? 0} 人</Text>
        </View>
      ))}
    </View>
  );
}

function ClassCard(props: { notice: NoticeStaffDetail; stats: NoticeStatsResponse; c: NoticeClassStats; canRemind: boolean; onChanged: () => void }) {
  const { c, notice } = props;
  const [open, setOpen] = useState(props.stats.classes.length === 1);
  const done = doneCount(notice.confirmMode, c);
  const percent = c.recipients ? Math.round((c.acknowledged / c.recipients) * 100) : 0;
  return (
    <View className='card class-card'>
      <View className='class-head' onClick={() => setOpen(!open)} {...a11y({ role: 'button', label: `${c.className}，${done.label} ${done.n} / ${c.recipients}，${open ? '收起' : '展开'}` })}>
        <View className='row-main'>
          <Text className='class-name'>{c.className}</Text>
          <Text className='muted'>完成 {c.acknowledged} / {c.recipients} · {done.label} {done.n} / {c.recipients}</Text>
        </View>
        <Text>{open ? '收起' : '展开'}</Text>
      </View>
      <View className='bar'><View className='bar-fill' style={{ width: `${percent}%` }} /></View>
      <Counts mode={notice.confirmMode} counts={c} question={!!notice.question} />
      {c.answers && notice.question?.options && <Tally options={notice.question.options} answers={c.answers} />}
      {open && <ClassPanel noticeId={notice.id} classId={c.classId} confirmMode={notice.confirmMode} canRemind={props.canRemind} onChanged={props.onChanged} />}
    </View>
  );
}

/**
 * A notice for staff: its state, 已发送 x / N while the receipts are being made, the counts over the classes the
 * caller may see and per class (recipients, delivered, read, confirmed or signed, answered, the answers tallied), each
 * class's who-has-not list with the one-tap reminder and every receipt with its signature; the receipts export; and
 * recall with a reason.
 */
export function NoticeStatsBody(props: { me: MeResponse; id: string }) {
  const [notice, setNotice] = useState<NoticeStaffDetail | null>(null);
  const [stats, setStats] = useState<NoticeStatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showBody, setShowBody] = useState(false);
  const [recalling, setRecalling] = useState(false);
  const [reason, setReason] = useState('');
  // Export and recall share one busy flag: either disables both.
  const action = useAction();
  const busy = action.busy;
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = async () => {
    try {
      const d = await noticesApi.detail(props.id);
      const s = d.status === 'draft' || d.status === 'scheduled' ? null : await noticesApi.stats(props.id);
      setNotice(d);
      setStats(s);
      setError(null);
      if (poll.current) clearTimeout(poll.current);
      poll.current = d.status === 'published' && !d.progress.done ? setTimeout(() => void load(), PROGRESS_POLL_MS) : null;
    } catch (e) {
      setError(errorText(e));
    }
  };
  useOnShow(() => void load());
  useEffect(() => () => {
    if (poll.current) clearTimeout(poll.current);
  }, []);

  if (error && !notice) return <View className='card'><Text className='error-text'>{error}</Text></View>;
  if (!notice) return <Text className='muted center'>加载中…</Text>;

  const canRemind = notice.status === 'published' && !notice.correctedBy && hasPermission(props.me, Permission.NOTICE_MANAGE);
  const canRecall = notice.canManage && ['scheduled', 'published', 'closed'].includes(notice.status);
  const p = notice.progress;

  const exportReceipts = () => action.run(async () => {
    const path = await noticesApi.receiptsXlsx(notice.id);
    await openSpreadsheet(path, `${notice.title}-回执.xlsx`);
  }, { errors: 'toast' });
  const recall = async () => {
    const why = reason.trim();
    if (!why) return toast('请填写撤回原因');
    await action.run(async () => {
      setNotice(await noticesApi.recall(notice.id, why));
      setRecalling(false);
      await load();
    }, { done: '已撤回', errors: 'toast' });
  };

  return (
    <View className='notices-wide'>
      <View className='card'>
        <View className='tag-line'>
          <Text className={`tag kind-${notice.kind}`}>{NOTICE_KIND_LABELS[notice.kind]}</Text>
          <Text className={`tag status-${notice.status}`}>{statusLabel(notice.status)}</Text>
          {notice.needsPrincipalReview && <Text className='tag review'>内容待校长查看</Text>}
          {notice.correctionOf && <Text className='tag correction'>更正</Text>}
          {notice.correctedBy && <Text className='tag status-recalled'>已更正</Text>}
        </View>
        <Text className='title'>{notice.title}</Text>
        {notice.publishedAt && <Text className='muted'>{formatDateTime(notice.publishedAt)} 发布 · {notice.createdBy.name}</Text>}
        {notice.status === 'scheduled' && <Text className='muted'>将于 {formatDateTime(notice.scheduledAt)} 发布</Text>}
        <Text className='muted'>发给：{notice.audience.classes.map((c) => c.name).join('、') || '（无班级）'} · {NOTICE_CONFIRM_MODE_LABELS[notice.confirmMode]}</Text>
        {notice.confirmDeadline && <Text className='muted'>确认截止：{formatDateTime(notice.confirmDeadline)}</Text>}
        {notice.status !== 'draft' && notice.status !== 'scheduled' && (
          <Text className='progress-line'>已发送 {p.sent} / {p.expected ?? '…'}{p.done ? '' : '（正在发送…）'}</Text>
        )}
        {notice.recalledAt && <Text className='p recall-reason'>已于 {formatDateTime(notice.recalledAt)} 撤回：{notice.recallReason}</Text>}
        <CorrectionLinks notice={notice} />
        <ReviewPanel me={props.me} notice={notice} onChanged={(d) => {
          setNotice(d);
          void load();
        }} />
        <Button className='btn small' onClick={() => setShowBody(!showBody)}>{showBody ? '收起正文' : '查看正文'}</Button>
        {showBody && <View className='field'><NoticeBodyView body={notice.body} noticeId={notice.id} onLink={() => undefined} /></View>}
      </View>

      {stats && (
        <View className='card'>
          <Text className='subtitle'>总计（{stats.classes.length} 个班）</Text>
          <Counts mode={notice.confirmMode} counts={stats.totals} question={!!notice.question} />
          {notice.question && <Text className='label editor-hint'>回执：{notice.question.prompt}</Text>}
          {stats.totals.answers && notice.question?.options && <Tally options={notice.question.options} answers={stats.totals.answers} />}
        </View>
      )}
      {stats && (
        <View className={`class-grid${stats.classes.length > 1 ? ' several' : ''}`}>
          {stats.classes.map((c) => <ClassCard key={c.classId} notice={notice} stats={stats} c={c} canRemind={canRemind} onChanged={() => void load()} />)}
        </View>
      )}

      <View className='card'>
        {stats && <Button className='btn' disabled={busy || undefined} onClick={() => void exportReceipts()}>导出回执（Excel）</Button>}
        {stats && <SignaturesZipButton notice={notice} signed={stats.totals.signed} />}
        {canRecall && !recalling && <Button className='btn danger' onClick={() => setRecalling(true)}>撤回通知</Button>}
        {recalling && (
          <View className='field'>
            <Text className='label'>撤回原因（家长会看到这段话，而不是原来的内容）</Text>
            <Input className='input recall-input' value={reason} maxlength={NOTICE_LIMITS.recallReasonMax} placeholder='例如：时间有变，将另行通知' onInput={(e) => setReason(e.detail.value)} />
            <View className='btn-row'>
              <Button className='btn' onClick={() => setRecalling(false)}>取消</Button>
              <Button className='btn danger' disabled={busy || undefined} onClick={() => void recall()}>确认撤回</Button>
            </View>
          </View>
        )}
      </View>
    </View>
  );
}

export default function NoticeStatsPage() {
  const id = useRouter().params?.id ?? '';
  return <Screen>{(me) => <NoticeStatsBody me={me} id={id} />}</Screen>;
}
