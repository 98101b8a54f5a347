import { useEffect, useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { TIP_LIMITS, TIP_SEVERITY_LABELS, type TipAssigneeOption, type TipDetail, type TipSeverity } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { tipsApi } from '../../../api/tips';
import { a11y } from '../../../a11y';
import { LABELS_INPUT_MAX, parseLabels } from '../tip-staff';
import { ActionError } from '../../../components/ActionError';
import type { CaseActions } from './use-case-actions';

/** 案件信息 of an open case: severity, labels, 已采取措施, and handing it over to a colleague with a case role. */
export function CaseInfoCard(props: { tip: TipDetail; actions: CaseActions }) {
  const { tip, actions } = props;
  const [labelsText, setLabelsText] = useState(tip.labels.join('，'));
  const [measures, setMeasures] = useState(tip.measures ?? '');
  const [staff, setStaff] = useState<TipAssigneeOption[] | null>(null);
  useEffect(() => {
    setLabelsText(tip.labels.join('，'));
    setMeasures(tip.measures ?? '');
  }, [tip.version]);
  if (!tip.can.handle || tip.status === 'closed') return null;

  const saveLabels = () => {
    const parsed = parseLabels(labelsText);
    if (parsed.error) return actions.fail('labels', parsed.error);
    void actions.run('labels', () => tipsApi.update(tip.id, { version: tip.version, labels: parsed.labels }), '已保存');
  };
  const saveMeasures = () => {
    if (!measures.trim()) return actions.fail('measures', '请先填写已采取的措施');
    void actions.run('measures', () => tipsApi.update(tip.id, { version: tip.version, measures: measures.trim() }), '已保存');
  };
  const loadStaff = async () => {
    try {
      const list = await tipsApi.assignees(tip.id);
      setStaff(list.filter((s) => s.userId !== tip.assignee?.userId));
    } catch (e) {
      actions.fail('handover', errorText(e));
    }
  };
  const busy = actions.busy !== null;

  return (
    <View className='card case-info'>
      <Text className='subtitle'>案件信息</Text>
      <Text className='label'>严重程度</Text>
      <View className='choice-list'>
        {(Object.keys(TIP_SEVERITY_LABELS) as TipSeverity[]).map((s) => (
          <View
            key={s}
            className={`choice${tip.severity === s ? ' selected' : ''}`}
            {...a11y({ role: 'radio', checked: tip.severity === s })}
            onClick={() => !busy && void actions.run('severity', () => tipsApi.update(tip.id, { version: tip.version, severity: s }), '已保存')}
          >
            <Text>{TIP_SEVERITY_LABELS[s]}</Text>
          </View>
        ))}
      </View>
      <ActionError error={actions.errors.severity} />
      <Text className='label'>标签（用逗号分开）</Text>
      <Input className='input labels-input' value={labelsText} maxlength={LABELS_INPUT_MAX} placeholder='例如：需家访，校外' onInput={(e) => setLabelsText(e.detail.value)} />
      <Button className='btn small save-labels' disabled={busy || undefined} onClick={saveLabels}>保存标签</Button>
      <ActionError error={actions.errors.labels} />
      <Text className='label'>已采取措施（记入台账）</Text>
      <Textarea className='input textarea measures-input' value={measures} maxlength={TIP_LIMITS.measuresMax} autoHeight placeholder='例如：已与双方谈话，调整座位，通知家长' onInput={(e) => setMeasures(e.detail.value)} />
      <Button className='btn small save-measures' disabled={busy || undefined} onClick={saveMeasures}>保存措施</Button>
      <ActionError error={actions.errors.measures} />

      <Text className='label'>转交（经办人）</Text>
      {staff === null && <Button className='btn small' onClick={() => void loadStaff()}>选择转交对象</Button>}
      {Array.isArray(staff) && staff.length === 0 && <Text className='muted'>没有可以转交的人员（需为负责人、校长或处置委员会成员）。</Text>}
      {Array.isArray(staff) && staff.map((s) => (
        <Button
          key={s.userId}
          className='btn small'
          disabled={busy || undefined}
          onClick={() => void actions.run('handover', () => tipsApi.update(tip.id, { version: tip.version, assigneeUserId: s.userId }), `已转交给${s.name}`).then(() => setStaff(null))}
        >
          {s.name}
        </Button>
      ))}
      <ActionError error={actions.errors.handover} />
    </View>
  );
}
