import { useEffect, useState } from 'react';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  ErrorCode, Permission, REPORTER_ROLE_LABELS, TIP_CATEGORY_LABELS, TIP_LIMITS, TIP_PLACE_LABELS, TIP_SEVERITY_LABELS,
  TIP_SOURCE_LABELS, TIP_STATUS_LABELS, TIP_STATUS_TRANSITIONS, type MeResponse, type TipAssigneeOption, type TipDetail,
  type TipSeverity, type TipStatus,
} from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { tipsApi } from '../../../api/tips';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { formatTime } from '../../../format';
import { hasPermission } from '../../../state/session';
import { countdown, ESCALATION_LABELS, parseLabels, timelineText } from '../tip-staff';
import { a11y } from '../../../a11y';
import '../staff-tips.css';

const DECISIONS = new Set<TipStatus>(['confirmed', 'not_bullying', 'false_report']);

function Deadline(props: { label: string; due: string | null; active: boolean; now: Date }) {
  if (!props.due) return null;
  const left = props.active ? countdown(props.due, props.now) : null;
  return (
    <View className='deadline-line'>
      <Text className='p'>{props.label}：{formatTime(props.due)}</Text>
      {left && <Text className={left.late ? 'field-error' : 'ok-text'}>{left.text}</Text>}
    </View>
  );
}

/** The photos: downloaded with the session (each view is audited), shown as thumbnails, tap to enlarge. */
function Photos(props: { tip: TipDetail }) {
  const [paths, setPaths] = useState<Record<string, string | 'error'>>({});
  const ids = props.tip.attachments.map((a) => a.id).join(',');
  useEffect(() => {
    let live = true;
    void (async () => {
      for (const a of props.tip.attachments) {
        try {
          const p = await tipsApi.downloadPhoto(props.tip.id, a.id);
          if (live) setPaths((x) => ({ ...x, [a.id]: p }));
        } catch {
          if (live) setPaths((x) => ({ ...x, [a.id]: 'error' }));
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [props.tip.id, ids]);
  if (!props.tip.attachments.length) return null;
  const ready = Object.values(paths).filter((p): p is string => p !== 'error');
  return (
    <View className='field'>
      <Text className='label'>照片（{props.tip.attachments.length} 张，已去除拍摄地点等信息）</Text>
      <View className='photo-grid'>
        {props.tip.attachments.map((a, i) => {
          const p = paths[a.id];
          return (
            <View key={a.id} className='photo'>
              {p && p !== 'error' ? (
                <Image
                  className='photo-img staff-photo'
                  src={p}
                  mode='aspectFill'
                  onClick={() => void Promise.resolve(Taro.previewImage({ current: p, urls: ready })).catch(() => undefined)}
                />
              ) : (
                <View className='photo-missing'><Text>{p === 'error' ? `照片 ${i + 1} 无法显示` : '加载中…'}</Text></View>
              )}
            </View>
          );
        })}
      </View>
    </View>
  );
}

export function StaffTipDetailBody(props: { me: MeResponse }) {
  const { me } = props;
  const params = useRouter().params ?? {};
  const id = params.id ?? '';
  const canHandle = hasPermission(me, Permission.TIP_HANDLE);
  const [tip, setTip] = useState<TipDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const [ackMessage, setAckMessage] = useState('');
  const [reply, setReply] = useState('');
  const [target, setTarget] = useState<TipStatus | null>(null);
  const [outcome, setOutcome] = useState('');
  const [measures, setMeasures] = useState('');
  const [labelsText, setLabelsText] = useState('');
  const [staff, setStaff] = useState<TipAssigneeOption[] | null>(null);
  const [reportOpen, setReportOpen] = useState(false);
  const [recipient, setRecipient] = useState('区教育局');
  const [reportContent, setReportContent] = useState('');

  const show = (t: TipDetail) => {
    setTip(t);
    setLabelsText(t.labels.join('，'));
    setOutcome(t.outcome ?? '');
    setMeasures(t.measures ?? '');
    setNow(new Date());
  };
  const load = async () => {
    if (!id) return;
    try {
      show(await tipsApi.detail(id));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useOnShow(() => void load());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);

  /** Runs a change; a 409 means someone else changed the tip first: say so and show the fresh state. */
  const act = async (work: () => Promise<TipDetail | void>, done?: string): Promise<boolean> => {
    setBusy(true);
    setNotice(null);
    try {
      const next = await work();
      if (next) show(next);
      else await load();
      if (done) toast(done, 'success');
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const text = e.code === ErrorCode.TIP_VERSION_CONFLICT
          ? '这条举报刚刚被其他老师修改过，已为你刷新为最新内容。请确认后再操作。'
          : `${e.message.replace(/[。.]$/, '')}。已为你刷新为最新内容。`;
        setNotice(text);
        setTarget(null);
        await load();
        // The page may be scrolled far from the notice: say it where the user is looking.
        void Promise.resolve(Taro.showModal({ title: '有人刚刚修改了这条举报', content: text, showCancel: false, confirmText: '知道了' })).catch(() => undefined);
      } else {
        setNotice(errorText(e));
        toast(errorText(e));
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!id) return <Text className='error-text'>没有指定举报</Text>;
  if (error && !tip) {
    return (
      <View className='card'>
        <Text className='error-text'>{error}</Text>
        <Button className='btn' onClick={() => void load()}>重试</Button>
      </View>
    );
  }
  if (!tip) return <Text className='muted center'>加载中…</Text>;

  const transitions = TIP_STATUS_TRANSITIONS[tip.status];
  const open = tip.status !== 'closed';

  const changeStatus = async () => {
    if (!target) return;
    if (target === 'closed' && !outcome.trim()) {
      setNotice('结案前请填写处理结果（结案报告）');
      return;
    }
    const ok = await act(() => tipsApi.update(tip.id, {
      version: tip.version,
      status: target,
      ...(outcome.trim() && outcome.trim() !== (tip.outcome ?? '') ? { outcome: outcome.trim() } : {}),
      ...(measures.trim() && measures.trim() !== (tip.measures ?? '') ? { measures: measures.trim() } : {}),
    }), `已改为${TIP_STATUS_LABELS[target]}`);
    if (ok) setTarget(null);
  };

  const saveCase = async (patch: { severity?: TipSeverity }) => {
    const parsed = parseLabels(labelsText);
    if (parsed.error) {
      setNotice(parsed.error);
      return;
    }
    await act(() => tipsApi.update(tip.id, {
      version: tip.version,
      ...patch,
      labels: parsed.labels,
      ...(measures.trim() && measures.trim() !== (tip.measures ?? '') ? { measures: measures.trim() } : {}),
    }), '已保存');
  };

  const loadStaff = async () => {
    try {
      const list = await tipsApi.assignees(tip.id);
      setStaff(list.filter((s) => s.userId !== tip.assignee?.userId));
    } catch (e) {
      toast(errorText(e));
    }
  };

  return (
    <View className='staff-tip-detail'>
      <View className={`card${tip.urgent ? ' urgent-card' : ''}`}>
        <View className='tag-line'>
          <Text className={`tag status status-${tip.status}`}>{TIP_STATUS_LABELS[tip.status]}</Text>
          <Text className='tag'>{TIP_SOURCE_LABELS[tip.source]}</Text>
          {tip.inDanger && <Text className='tag alarm'>有危险</Text>}
          {tip.ongoing && <Text className='tag alarm'>仍在发生</Text>}
          {tip.overdue && <Text className='tag alarm'>已超期</Text>}
          {tip.contentFlag && <Text className='tag flag'>内容需关注</Text>}
        </View>
        <Text className='title'>{TIP_CATEGORY_LABELS[tip.category]}</Text>
        <Text className='muted'>提交于 {formatTime(tip.submittedAt)}</Text>
        <Text className='muted'>升级：{ESCALATION_LABELS[tip.escalationLevel]}</Text>
        {tip.severity && <Text className='muted'>严重程度：{TIP_SEVERITY_LABELS[tip.severity]}</Text>}
        <Text className='muted'>经办人：{tip.assignee?.name ?? '（欺凌防治负责人）'}</Text>
        {tip.acknowledgedBy && <Text className='muted'>受理：{tip.acknowledgedBy.name} · {formatTime(tip.acknowledgedAt)}</Text>}
        <Deadline label='受理期限' due={tip.ackDueAt} active={tip.status === 'new'} now={now} />
        <Deadline label='调查期限' due={tip.investigationDueAt} active={tip.status === 'acknowledged' || tip.status === 'investigating'} now={now} />
        {tip.contentFlag && <Text className='notice'>内容需关注：文字被内容安全检查标记。请优先阅读并判断是否需要立即干预。</Text>}
      </View>

      {notice && <Text className='error-text action-notice'>{notice}</Text>}

      {tip.status === 'new' && canHandle && (
        <View className='card ack-card'>
          <Text className='subtitle'>受理这条举报</Text>
          <Text className='muted'>受理后举报人会看到“已受理”，调查期限开始计算。</Text>
          <Input className='input ack-message' value={ackMessage} maxlength={TIP_LIMITS.messageMax} placeholder='给举报人的第一句话（选填），例如：已收到，我们会尽快处理' onInput={(e) => setAckMessage(e.detail.value)} />
          <Button
            className='btn primary ack-tip'
            disabled={busy || undefined}
            onClick={() => void act(() => tipsApi.ack(tip.id, ackMessage.trim() ? { message: ackMessage.trim() } : {}), '已受理').then((ok) => ok && setAckMessage(''))}
          >
            受理
          </Button>
        </View>
      )}

      <View className='card content'>
        <Text className='subtitle'>举报内容</Text>
        <Text className='p description'>{tip.description}</Text>
        <Text className='p'>时间：{tip.when || '未填写'}</Text>
        <Text className='p'>地点：{[tip.place ? TIP_PLACE_LABELS[tip.place] : '', tip.placeDetail ?? ''].filter(Boolean).join('，') || '未填写'}</Text>
        <Text className='p'>涉及人员：{tip.peopleInvolved || '未填写'}</Text>
        <Text className='p'>举报人：{REPORTER_ROLE_LABELS[tip.reporterRole]}</Text>
        {tip.filedBy && <Text className='p'>教师转报：{tip.filedBy.name}</Text>}
        {tip.named && (
          <View className='notice'>
            <Text className='p'>举报人留了姓名（仅负责人和经办人可见）：{tip.named.name}，{tip.named.contact}</Text>
          </View>
        )}
        <Photos tip={tip} />
      </View>

      <View className='card thread'>
        <Text className='subtitle'>与举报人的对话</Text>
        {tip.messages.length === 0 && <Text className='muted'>还没有消息。</Text>}
        {tip.messages.map((m) => (
          <View key={m.id} className={`bubble ${m.from === 'school' ? 'from-school' : 'from-reporter'}`}>
            <Text className='bubble-who'>{m.from === 'school' ? `学校（${m.author?.name ?? ''}）` : '举报人'} · {formatTime(m.at)}</Text>
            <Text className='bubble-body'>{m.body}</Text>
          </View>
        ))}
        {canHandle && open && (
          <View>
            <Textarea className='input textarea staff-reply' value={reply} maxlength={TIP_LIMITS.messageMax} autoHeight placeholder='回复举报人（举报人用回执码查看；不会显示你的姓名）' onInput={(e) => setReply(e.detail.value)} />
            <Button
              className='btn primary send-staff-reply'
              disabled={busy || undefined}
              onClick={() => {
                if (!reply.trim()) return toast('请先写回复内容');
                void act(async () => { await tipsApi.message(tip.id, reply.trim()); }, '已发送').then((ok) => ok && setReply(''));
              }}
            >
              发送给举报人
            </Button>
          </View>
        )}
      </View>

      {canHandle && transitions.length > 0 && (
        <View className='card status-card'>
          <Text className='subtitle'>处理进度</Text>
          <View className='choice-list'>
            {transitions.map((s) => (
              <View key={s} className={`choice${target === s ? ' selected' : ''}`} {...a11y({ role: 'radio', checked: target === s })} onClick={() => setTarget(target === s ? null : s)}>
                <Text>改为「{TIP_STATUS_LABELS[s]}」</Text>
              </View>
            ))}
          </View>
          {target && (
            <View>
              {(target === 'closed' || DECISIONS.has(target)) && (
                <View className='field'>
                  <Text className='label'>处理结果（结案报告）{target === 'closed' ? '（必填）' : '（选填）'}</Text>
                  <Textarea className='input textarea outcome-input' value={outcome} maxlength={5000} autoHeight placeholder='调查结论、处置意见、与双方家长沟通情况等' onInput={(e) => setOutcome(e.detail.value)} />
                </View>
              )}
              <View className='field'>
                <Text className='label'>已采取措施（选填）</Text>
                <Textarea className='input textarea measures-input' value={measures} maxlength={5000} autoHeight onInput={(e) => setMeasures(e.detail.value)} />
              </View>
              <Button className='btn primary change-status' disabled={busy || undefined} onClick={() => void changeStatus()}>确认改为「{TIP_STATUS_LABELS[target]}」</Button>
            </View>
          )}
        </View>
      )}
      {tip.outcome && (
        <View className='card'>
          <Text className='subtitle'>处理结果</Text>
          <Text className='p'>{tip.outcome}</Text>
        </View>
      )}

      {canHandle && open && (
        <View className='card'>
          <Text className='subtitle'>案件信息</Text>
          <Text className='label'>严重程度</Text>
          <View className='choice-list'>
            {(Object.keys(TIP_SEVERITY_LABELS) as TipSeverity[]).map((s) => (
              <View key={s} className={`choice${tip.severity === s ? ' selected' : ''}`} {...a11y({ role: 'radio', checked: tip.severity === s })} onClick={() => !busy && void saveCase({ severity: s })}>
                <Text>{TIP_SEVERITY_LABELS[s]}</Text>
              </View>
            ))}
          </View>
          <Text className='label'>标签（用逗号分开）</Text>
          <Input className='input labels-input' value={labelsText} maxlength={220} placeholder='例如：需家访，校外' onInput={(e) => setLabelsText(e.detail.value)} />
          <Button className='btn small' disabled={busy || undefined} onClick={() => void saveCase({})}>保存标签</Button>

          <Text className='label'>转交（经办人）</Text>
          {staff === null && <Button className='btn small' onClick={() => void loadStaff()}>选择转交对象</Button>}
          {Array.isArray(staff) && staff.length === 0 && <Text className='muted'>没有可以转交的人员（需为负责人、校长或处置委员会成员）。</Text>}
          {Array.isArray(staff) && staff.map((s) => (
            <Button
              key={s.userId}
              className='btn small'
              disabled={busy || undefined}
              onClick={() => void act(() => tipsApi.update(tip.id, { version: tip.version, assigneeUserId: s.userId }), `已转交给${s.name}`).then(() => setStaff(null))}
            >
              {s.name}
            </Button>
          ))}
        </View>
      )}

      <View className='card'>
        <Text className='subtitle'>续报（向教育部门报告）</Text>
        {tip.reports.length === 0 && <Text className='muted'>还没有续报记录。</Text>}
        {tip.reports.map((r) => (
          <View key={r.id} className='row'>
            <View className='row-main'>
              <Text className='p'>{formatTime(r.reportedAt)} · {r.recipient} · {r.by.name}</Text>
              <Text className='muted'>{r.content}</Text>
            </View>
          </View>
        ))}
        {canHandle && !reportOpen && <Button className='btn small' onClick={() => setReportOpen(true)}>新增续报</Button>}
        {canHandle && reportOpen && (
          <View>
            <Text className='label'>报告对象和方式</Text>
            <Input className='input report-recipient' value={recipient} maxlength={100} placeholder='例如：区教育局安全科（电话）' onInput={(e) => setRecipient(e.detail.value)} />
            <Text className='label'>报告内容</Text>
            <Textarea className='input textarea report-content' value={reportContent} maxlength={5000} autoHeight placeholder='时间、地点、起因、经过、涉及人员、已采取措施' onInput={(e) => setReportContent(e.detail.value)} />
            <View className='btn-row'>
              <Button
                className='btn primary'
                disabled={busy || undefined}
                onClick={() => {
                  if (!recipient.trim() || !reportContent.trim()) return toast('请填写报告对象和内容');
                  void act(async () => { await tipsApi.report(tip.id, { recipient: recipient.trim(), content: reportContent.trim() }); }, '已记录续报').then((ok) => {
                    if (ok) {
                      setReportOpen(false);
                      setReportContent('');
                    }
                  });
                }}
              >
                记录续报
              </Button>
              <Button className='btn' onClick={() => setReportOpen(false)}>取消</Button>
            </View>
          </View>
        )}
      </View>

      <View className='card timeline'>
        <Text className='subtitle'>处理记录</Text>
        {tip.timeline.map((e, i) => (
          <View key={i} className='row'>
            <View className='row-main'>
              <Text className='p'>{timelineText(e)}</Text>
              <Text className='muted'>{formatTime(e.at)}{e.actor ? ` · ${e.actor}` : ''}</Text>
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}

export default function StaffTipDetailPage() {
  return <Screen>{(me) => <StaffTipDetailBody me={me} />}</Screen>;
}
