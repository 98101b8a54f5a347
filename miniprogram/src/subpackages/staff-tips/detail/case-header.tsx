import { Text, View } from '@tarojs/components';
import {
  currentDeadline, deadlineText, formatDateTime, TEST_TIP_SOURCE, TIP_CATEGORY_LABELS, TIP_DEADLINE_LABELS, TIP_SEVERITY_LABELS, TIP_SOURCE_LABELS,
  TIP_STATUS_LABELS, type TipDetail,
} from '@anxin/shared';
import { ESCALATION_LABELS } from '../tip-staff';

function Deadline(props: { label: string; due: string | null; running: boolean; now: Date }) {
  if (!props.due) return null;
  const left = props.running ? deadlineText(props.due, props.now) : null;
  return (
    <View className='deadline-line'>
      <Text className='p'>{props.label}：{formatDateTime(props.due)}</Text>
      {left && <Text className={left.late ? 'field-error' : 'ok-text'}>{left.text}</Text>}
    </View>
  );
}

/** The top of a case: status and flags, who has it, and its deadlines (the running one counts down). */
export function CaseHeader(props: { tip: TipDetail; now: Date }) {
  const { tip, now } = props;
  const running = currentDeadline(tip)?.kind ?? null;
  return (
    <View className={`card case-header${tip.urgent && tip.status !== 'closed' ? ' urgent-card' : ''}`}>
      <View className='tag-line'>
        {tip.isTest && <Text className='tag test'>测试</Text>}
        <Text className={`tag status status-${tip.status}`}>{TIP_STATUS_LABELS[tip.status]}</Text>
        <Text className='tag'>{tip.isTest ? TEST_TIP_SOURCE : TIP_SOURCE_LABELS[tip.source]}</Text>
        {tip.inDanger && <Text className='tag alarm'>有危险</Text>}
        {tip.ongoing && <Text className='tag alarm'>仍在发生</Text>}
        {tip.overdue && <Text className='tag alarm'>已超期</Text>}
        {tip.contentFlag && <Text className='tag flag'>内容需关注</Text>}
        {tip.reopenedAt && <Text className='tag flag'>已重新打开</Text>}
      </View>
      <Text className='title'>{TIP_CATEGORY_LABELS[tip.category]}</Text>
      <Text className='muted'>提交于 {formatDateTime(tip.submittedAt)}</Text>
      <Text className='muted'>升级：{ESCALATION_LABELS[tip.escalationLevel]}</Text>
      {tip.severity && <Text className='muted'>严重程度：{TIP_SEVERITY_LABELS[tip.severity]}</Text>}
      <Text className='muted'>经办人：{tip.assignee?.name ?? '（欺凌防治负责人）'}</Text>
      {tip.acknowledgedBy && <Text className='muted'>受理：{tip.acknowledgedBy.name} · {formatDateTime(tip.acknowledgedAt)}</Text>}
      <Deadline label={TIP_DEADLINE_LABELS.ack} due={tip.ackDueAt} running={running === 'ack'} now={now} />
      <Deadline label={TIP_DEADLINE_LABELS.investigation} due={tip.investigationDueAt} running={running === 'investigation'} now={now} />
      {tip.isTest && <Text className='notice'>测试举报：由学校管理员发起的测试，没有举报人，不计入任何统计。受理即完成测试，并自动结案。</Text>}
      {tip.contentFlag && <Text className='notice'>内容需关注：文字被内容安全检查标记。请优先阅读并判断是否需要立即干预。</Text>}
    </View>
  );
}
