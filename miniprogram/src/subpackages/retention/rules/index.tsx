import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { formatDateTime, RETENTION_BOUNDS, type MeResponse, type RetentionRules, type UpdateRetentionRulesRequest } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { retentionApi } from '../../../api/retention';
import { Screen, useOnShow } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';

type Field = keyof UpdateRetentionRulesRequest;
const FIELDS: { key: Field; label: string; unit: string }[] = [
  { key: 'tipContentYears', label: '结案后举报内容和照片保留', unit: '年' },
  { key: 'unansweredThreadYears', label: '结案后未获回复的举报人留言保留', unit: '年' },
  { key: 'receiptYears', label: '通知回执与承诺书签字图片在学年结束后保留', unit: '年' },
  { key: 'logDays', label: '服务器日志保留（由服务器运维方执行）', unit: '天' },
];

/** The district officer's retention rules: each period within RETENTION_BOUNDS (lengthen, never shorten below the floor). */
export function RulesBody(props: { me: MeResponse }) {
  const districtId = props.me.roles.find((r) => r.role === 'district_officer' && r.districtId)?.districtId ?? null;
  const [rules, setRules] = useState<RetentionRules | null>(null);
  const [form, setForm] = useState<Record<Field, string>>({ tipContentYears: '', unansweredThreadYears: '', receiptYears: '', logDays: '' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();
  const show = (r: RetentionRules) => {
    setRules(r);
    setForm({ tipContentYears: String(r.tipContentYears), unansweredThreadYears: String(r.unansweredThreadYears), receiptYears: String(r.receiptYears), logDays: String(r.logDays) });
  };
  useOnShow(() => {
    if (districtId) retentionApi.rules(districtId).then(show, (e) => setLoadError(errorText(e)));
  });
  if (!districtId) return <View className='card'><Text className='muted'>只有教育局工作人员可以设置数据保留期限。</Text></View>;
  const save = async () => {
    const body = Object.fromEntries(FIELDS.map((f) => [f.key, Number(form[f.key])])) as unknown as UpdateRetentionRulesRequest;
    const bad = FIELDS.find((f) => !Number.isInteger(body[f.key]) || body[f.key] < RETENTION_BOUNDS[f.key].min || body[f.key] > RETENTION_BOUNDS[f.key].max);
    if (bad) return action.refuse(`${bad.label}：请填写 ${RETENTION_BOUNDS[bad.key].min} 到 ${RETENTION_BOUNDS[bad.key].max} ${bad.unit}之间的整数`);
    await action.run(async () => show(await retentionApi.updateRules(districtId, body)), { done: '已保存' });
  };
  return (
    <View className='card'>
      <Text className='title'>数据保留期限</Text>
      <Text className='muted'>到期后系统自动删除内容，只保留类别、日期和处理结果类别；设置法律保全的案件不删除。默认值即最短期限，只能延长。每次修改都记入审计日志。</Text>
      {FIELDS.map((f) => (
        <View key={f.key} className='field'>
          <Text className='label'>{f.label}（{f.unit}，{RETENTION_BOUNDS[f.key].min}–{RETENTION_BOUNDS[f.key].max}）</Text>
          <Input className={`input retention-${f.key}`} type='number' value={form[f.key]} onInput={(e) => setForm({ ...form, [f.key]: e.detail.value })} />
        </View>
      ))}
      {rules && <Text className='muted'>{rules.isDefault ? '当前为默认期限' : `上次修改：${formatDateTime(new Date(rules.updatedAt!))}`}</Text>}
      {loadError && <Text className='error-text'>{loadError}</Text>}
      <ActionError error={action.error} />
      <Button className='btn primary' disabled={action.busy || !rules || undefined} onClick={() => void save()}>保存</Button>
    </View>
  );
}

export default function RetentionRulesPage() {
  return <Screen>{(me) => <RulesBody me={me} />}</Screen>;
}
