import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  LEDGER_FREQUENCIES, LEDGER_FREQUENCY_LABELS, LEDGER_LIMITS, LEDGER_STATUS_LABELS, LEDGER_STATUSES,
  type LedgerDistrictResponse, type LedgerDuty, type LedgerFrequency, type MeResponse,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { Screen, useOnShow } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { ledgerApi } from '../../staff-ledger/ledger-api';
import '../../staff-ledger/staff-ledger.css';
import './district-ledger.css';
import { officerDistrict } from '../../../state/session';

type DutyDraft = { key?: string; name: string; frequency: LedgerFrequency; appliesTo: string; evidence: string; retired: boolean };

/** One duty of the catalogue, changed in place (or a new one of the district's own), saved with 保存. */
function DutyEditor(props: { districtId: string; duty: DutyDraft; onSaved: (duties: LedgerDuty[]) => void; isNew?: boolean }) {
  const [d, setD] = useState<DutyDraft>(props.duty);
  const action = useAction();
  const set = (patch: Partial<DutyDraft>) => setD({ ...d, ...patch });
  const save = async () => {
    if (!d.name.trim() || !d.appliesTo.trim() || !d.evidence.trim()) return action.refuse('请填写名称、适用对象和佐证材料');
    await action.run(async () => {
      props.onSaved((await ledgerApi.putDuty(props.districtId, d)).duties);
    });
  };
  return (
    <View className={`card dl-duty${d.retired ? ' retired' : ''}`}>
      <Text className='field-label'>{props.isNew ? '添加本区的工作' : '名称'}</Text>
      <Input className='input' value={d.name} maxlength={LEDGER_LIMITS.dutyNameMax} placeholder='工作名称' onInput={(e) => set({ name: e.detail.value })} />
      <View className='ledger-chips'>
        {LEDGER_FREQUENCIES.map((f) => <Text key={f} className={`chip${d.frequency === f ? ' on' : ''}`} onClick={() => set({ frequency: f })} {...a11y({ role: 'radio', checked: d.frequency === f, label: LEDGER_FREQUENCY_LABELS[f] })}>{LEDGER_FREQUENCY_LABELS[f]}</Text>)}
      </View>
      <Text className='field-label'>适用对象</Text>
      <Input className='input' value={d.appliesTo} maxlength={LEDGER_LIMITS.appliesToMax} onInput={(e) => set({ appliesTo: e.detail.value })} />
      <Text className='field-label'>佐证材料</Text>
      <Input className='input' value={d.evidence} maxlength={LEDGER_LIMITS.evidenceMax} onInput={(e) => set({ evidence: e.detail.value })} />
      {!props.isNew && (
        <Text className={`chip${d.retired ? ' on' : ''}`} onClick={() => set({ retired: !d.retired })} {...a11y({ role: 'switch', checked: d.retired, label: '停用这项工作' })}>{d.retired ? '已停用（点击恢复）' : '停用'}</Text>
      )}
      <ActionError error={action.error} />
      <Button className='btn small primary' disabled={action.busy || undefined} onClick={() => void save()}>{action.busy ? '正在保存…' : '保存'}</Button>
    </View>
  );
}

/**
 * 各校防欺凌工作台账 for a district officer: each school's duties of a semester side by side (statuses and counts
 * only), and the district's catalogue of duties: change a duty's name, frequency, who it applies to and its evidence
 * text, retire one, or add the district's own.
 */
export function DistrictLedgerBody(props: { me: MeResponse }) {
  const district = officerDistrict(props.me);
  const [data, setData] = useState<LedgerDistrictResponse | null>(null);
  const [duties, setDuties] = useState<LedgerDuty[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [round, setRound] = useState(0);

  const load = (semester?: string) => {
    if (!district) return;
    ledgerApi.district(district.id, semester).then((r) => { setData(r); setError(null); }, (e) => setError(errorText(e)));
    ledgerApi.catalogue(district.id).then((r) => setDuties(r.duties), (e) => setError(errorText(e)));
  };
  useOnShow(() => load());

  if (!district) return <View className='card'><Text className='muted'>各校工作台账由区县教育局工作人员查看。</Text></View>;
  const saved = (list: LedgerDuty[]) => {
    setDuties(list);
    setRound(round + 1);
    load(data?.semester);
  };
  return (
    <View className='ledger-wide'>
      <View className='card'>
        <Text className='title'>各校防欺凌工作台账</Text>
        <Text className='muted'>{district.name}：各校每项工作的完成情况（只显示状态和数量）。</Text>
        {data && (
          <View className='ledger-semesters'>
            {data.semesters.map((s) => <Text key={s.key} className={`chip${s.key === data.semester ? ' on' : ''}`} onClick={() => load(s.key)} {...a11y({ role: 'radio', checked: s.key === data.semester, label: s.label })}>{s.label}</Text>)}
          </View>
        )}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!data && !error && <Text className='muted center'>加载中…</Text>}
      {data && (
        <View className='dl-table'>
          <View className='dl-row dl-head'>
            <Text className='dl-school'>学校</Text>
            {data.duties.map((d) => <Text key={d.key} className='dl-cell'>{d.name}</Text>)}
          </View>
          {data.schools.map((s) => (
            <View key={s.schoolId} className='dl-row'>
              <View className='dl-school'>
                <Text className='dl-school-name'>{s.schoolName}</Text>
                <Text className='muted'>{LEDGER_STATUSES.map((x) => `${LEDGER_STATUS_LABELS[x]} ${s.counts[x]}`).join(' · ')}</Text>
              </View>
              {data.duties.map((d) => (
                <View key={d.key} className='dl-cell'>
                  <Text className='dl-duty-name'>{d.name}</Text>
                  <Text className={`tag ledger-status ${s.statuses[d.key]}`}>{LEDGER_STATUS_LABELS[s.statuses[d.key]]}</Text>
                </View>
              ))}
            </View>
          ))}
          {data.schools.length === 0 && <Text className='muted'>本区还没有学校。</Text>}
        </View>
      )}
      {district.canManage && (
        <View className='card'>
          <Text className='subtitle'>工作清单</Text>
          <Text className='muted'>本区学校台账中的工作项目。修改会记入审计日志。</Text>
          <Button className='btn small' onClick={() => setEditing(!editing)}>{editing ? '收起' : '修改工作清单'}</Button>
        </View>
      )}
      {district.canManage && editing && duties && (
        <View key={round}>
          {duties.map((d) => <DutyEditor key={d.key} districtId={district.id} duty={{ key: d.key, name: d.name, frequency: d.frequency, appliesTo: d.appliesTo, evidence: d.evidence, retired: d.retired }} onSaved={saved} />)}
          <DutyEditor isNew districtId={district.id} duty={{ name: '', frequency: 'semester', appliesTo: '', evidence: '', retired: false }} onSaved={saved} />
        </View>
      )}
    </View>
  );
}

export default function DistrictLedgerPage() {
  return <Screen>{(me) => <DistrictLedgerBody me={me} />}</Screen>;
}
