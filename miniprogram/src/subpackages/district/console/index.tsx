import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  FIELD_LIMITS, NATIONAL_SCHOOL_CODE_PATTERN, SCHOOL_STAGE_LABELS, SCHOOL_STAGES, SCHOOL_ROLE_LABELS, SETUP_ITEM_TITLES,
  type DistrictConsoleResponse, type DistrictSchoolSetup, type MeResponse, type SchoolStage, type SetupItemKey,
} from '@anxin/shared';
import { errorText } from '../../../api/client';
import { onboardingApi } from '../../../api/onboarding';
import { InviteCard, useInviteShare, type IssuedInvite } from '../../../components/InviteCard';
import { Screen, useOnShow } from '../../../components/Screen';
import { ActionError } from '../../../components/ActionError';
import { useAction } from '../../../components/use-action';
import { a11y } from '../../../a11y';
import { ROUTES, openPage } from '../../../routes';
import { DISTRICT_SURVEYS_PAGE } from '../surveys/district-surveys-api';
import '../district.css';
import { officerDistrict } from '../../../state/session';

/** The console's columns: the counted set-up rows, in checklist order, by a short name. */
export const CONSOLE_COLUMNS: { key: SetupItemKey; short: string }[] = [
  { key: 'contact', short: '负责人' },
  { key: 'contact_alerts', short: '提醒' },
  { key: 'committee', short: '委员会' },
  { key: 'roster', short: '花名册' },
  { key: 'class_teachers', short: '教师' },
  { key: 'poster', short: '海报' },
];

export interface NewSchoolForm {
  name: string;
  stage: SchoolStage | null;
  address: string;
  nationalCode: string;
}

/** What is wrong with the form, or null: the server checks the same rules. */
export function newSchoolError(f: NewSchoolForm): string | null {
  if (!f.name.trim()) return '请输入学校名称';
  if (!f.stage) return '请选择学段';
  if (f.nationalCode.trim() && !NATIONAL_SCHOOL_CODE_PATTERN.test(f.nationalCode.trim())) return '学校标识码是 10 位数字（不知道可以不填）';
  return null;
}

const emptyForm = (): NewSchoolForm => ({ name: '', stage: null, address: '', nationalCode: '' });

function AddSchool(props: { districtId: string; onAdded: () => void }) {
  const [form, setForm] = useState<NewSchoolForm>(emptyForm());
  const action = useAction();
  const update = (patch: Partial<NewSchoolForm>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async () => {
    const problem = newSchoolError(form);
    if (problem) return action.refuse(problem);
    await action.run(async () => {
      await onboardingApi.createSchool(props.districtId, {
        name: form.name.trim(), stage: form.stage!, ...(form.address.trim() ? { address: form.address.trim() } : {}),
        ...(form.nationalCode.trim() ? { nationalCode: form.nationalCode.trim() } : {}),
      });
      setForm(emptyForm());
      props.onAdded();
    }, { done: '已添加学校' });
  };
  return (
    <View className='card ds-form'>
      <Text className='subtitle'>添加学校</Text>
      <View className='ds-form-fields'>
        <View className='field'>
          <Text className='label'>学校名称</Text>
          <Input className='input' value={form.name} maxlength={FIELD_LIMITS.schoolNameMax} placeholder='例如 阳光实验小学' onInput={(e) => update({ name: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>学段</Text>
          <View className='choice-list'>
            {SCHOOL_STAGES.map((s) => (
              <View key={s} {...a11y({ role: 'radio', checked: form.stage === s })} className={`choice${form.stage === s ? ' selected' : ''}`} onClick={() => update({ stage: s })}>
                {SCHOOL_STAGE_LABELS[s]}
              </View>
            ))}
          </View>
        </View>
        <View className='field'>
          <Text className='label'>地址（选填）</Text>
          <Input className='input' value={form.address} maxlength={FIELD_LIMITS.schoolAddressMax} onInput={(e) => update({ address: e.detail.value })} />
        </View>
        <View className='field'>
          <Text className='label'>学校标识码（选填，10 位数字）</Text>
          <Input className='input' type='number' value={form.nationalCode} maxlength={FIELD_LIMITS.nationalSchoolCodeLength} onInput={(e) => update({ nationalCode: e.detail.value })} />
        </View>
      </View>
      <ActionError error={action.error} />
      <Button className='btn primary' disabled={action.busy || undefined} onClick={() => void submit()}>{action.busy ? '正在添加…' : '添加'}</Button>
    </View>
  );
}

function SchoolRow(props: { school: DistrictSchoolSetup; issued: IssuedInvite | null; onInvite: (kind: 'admin' | 'principal') => void; busy: boolean }) {
  const { school } = props;
  const status = new Map(school.items.map((i) => [i.key, i.status]));
  const yesNo = (on: boolean) => <Text className={`tag ${on ? 'approved' : 'pending'}`}>{on ? '有' : '无'}</Text>;
  return (
    <View className={`ds-row ${school.complete ? 'complete' : 'pending'}`}>
      <View className='ds-cell'>
        <Text className='ds-name'>{school.name}</Text>
        <Text className='muted'>{school.stage ? SCHOOL_STAGE_LABELS[school.stage] : '学段未填'}{school.nationalCode ? ` · ${school.nationalCode}` : ''}</Text>
      </View>
      <View className='ds-cell'><Text className='ds-label'>管理员</Text>{yesNo(school.hasAdmin)}</View>
      <View className='ds-cell'><Text className='ds-label'>校长</Text>{yesNo(school.hasPrincipal)}</View>
      {CONSOLE_COLUMNS.map((c) => (
        <View key={c.key} className='ds-cell' {...a11y({ label: `${SETUP_ITEM_TITLES[c.key]}：${status.get(c.key) === 'done' ? '已完成' : '未完成'}` })}>
          <Text className='ds-label'>{c.short}</Text>
          <Text className={`tag ${status.get(c.key) === 'done' ? 'approved' : 'pending'}`}>{status.get(c.key) === 'done' ? '✓' : '未完成'}</Text>
        </View>
      ))}
      <View className='ds-cell ds-actions'>
        <Text className='muted'>{school.complete ? '已完成开通' : `已完成 ${school.done}/${school.total}`}</Text>
        {!school.hasAdmin && <Button className='btn small' disabled={props.busy || undefined} onClick={() => props.onInvite('admin')}>邀请管理员</Button>}
        {!school.hasPrincipal && <Button className='btn small' disabled={props.busy || undefined} onClick={() => props.onInvite('principal')}>邀请校长</Button>}
      </View>
      {props.issued && <View className='ds-invite'><InviteCard invite={props.issued} /></View>}
    </View>
  );
}

/**
 * The district console (district officers; made for a desktop browser as well as a phone): the district's schools
 * with their set-up state, the ones still setting up first; adding a school; the one-time invites for a school's
 * first administrator and its principal.
 */
export function DistrictConsoleBody(props: { me: MeResponse }) {
  const district = officerDistrict(props.me);
  const [data, setData] = useState<DistrictConsoleResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ schoolId: string; invite: IssuedInvite } | null>(null);
  const inviting = useAction();
  useInviteShare();

  const load = () => {
    if (!district) return;
    onboardingApi.districtSetup(district.id).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  };
  useOnShow(load);

  if (!district) {
    return (
      <View className='card'>
        <Text className='muted'>区县控制台由教育局工作人员使用。</Text>
      </View>
    );
  }

  const invite = (school: DistrictSchoolSetup, kind: 'admin' | 'principal') => inviting.run(async () => {
    const made = kind === 'admin' ? await onboardingApi.adminInvite(school.id) : await onboardingApi.principalInvite(school.id);
    setIssued({
      schoolId: school.id,
      invite: { label: `${SCHOOL_ROLE_LABELS[kind]} · ${school.name}`, code: made.code, qrDataUrl: made.qrDataUrl, expiresAt: made.expiresAt },
    });
  }, { errors: 'toast' });

  return (
    <View className='wide-page'>
      <View className='card'>
        <Text className='title'>{data?.district.name ?? district.name}</Text>
        {data && (
          <View>
            <Text className='ds-summary'>共 {data.schools.length} 所学校，{data.schoolsComplete} 所已完成开通</Text>
            <Text className='muted'>行政区划代码 {data.district.code} · 工作人员：{data.officers.map((o) => o.displayName).join('、') || '—'}</Text>
          </View>
        )}
        <Text className='muted'>每所学校先由教育局邀请学校管理员和校长；学校管理员邀请教师、导入花名册，校长指定欺凌防治负责人并邀请委员会成员。</Text>
        <Button className='btn small' onClick={() => void openPage(ROUTES.districtDashboard)}>区级看板：各校举报、受理和督导提示</Button>
        <Button className='btn small' onClick={() => void openPage(ROUTES.districtDuty)}>区县值班电话：紧急呼叫的最后一站</Button>
        <Button className='btn small' onClick={() => void openPage(ROUTES.retentionRules)}>数据保留期限：举报内容、留言和签字的删除时间</Button>
        <Button className='btn small' onClick={() => void openPage(DISTRICT_SURVEYS_PAGE)}>各校问卷汇总：答题率、欺凌比例和安全感</Button>
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {!data && !error && <Text className='muted center'>加载中…</Text>}
      {data?.schools.length === 0 && <View className='card'><Text className='muted'>还没有学校，请先添加。</Text></View>}
      {data && data.schools.length > 0 && (
        <View className='ds-table'>
          <View className='ds-head'>
            <Text>学校</Text>
            <Text>管理员</Text>
            <Text>校长</Text>
            {CONSOLE_COLUMNS.map((c) => <Text key={c.key}>{c.short}</Text>)}
            <Text>进度与邀请</Text>
          </View>
          {data.schools.map((s) => (
            <SchoolRow key={s.id} school={s} busy={inviting.busy} issued={issued?.schoolId === s.id ? issued.invite : null} onInvite={(kind) => void invite(s, kind)} />
          ))}
        </View>
      )}
      <AddSchool districtId={district.id} onAdded={load} />
    </View>
  );
}

export default function DistrictConsolePage() {
  return <Screen>{(me) => <DistrictConsoleBody me={me} />}</Screen>;
}
