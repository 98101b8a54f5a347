import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ErrorCode, FIELD_LIMITS, Permission, SCHOOL_ROLE_LABELS, type MeResponse, type SchoolResponse, type StaffRoleResponse } from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { openPoster, posterFiles } from '../../../api/posters';
import { schoolsApi } from '../../../api/schools';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { hasPermission, staffSchoolId } from '../../../state/session';
import { a11y } from '../../../a11y';
import { ReporterViewCard } from './reporter-view';

/** Accepts mobile numbers and landlines with area code (the contact's phone is public, often an office line). */
export function validContactPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(phone);
}

/** Why saving failed, in words that say what to do (the server refuses anyone but the principal, and self-naming). */
export function contactSaveError(e: unknown): string {
  if (e instanceof ApiError && e.status === 403 && e.code === ErrorCode.FORBIDDEN) return '只有校长可以指定欺凌防治负责人';
  return errorText(e);
}

export function SchoolBody(props: { me: MeResponse }) {
  const schoolId = staffSchoolId(props.me);
  // Only the principal names the contact, and never themselves (the role reads every tip of the school).
  const canDesignate = hasPermission(props.me, Permission.CONTACT_DESIGNATE);
  const canPrint = hasPermission(props.me, Permission.SCHOOL_MANAGE);
  const poster = useAction();
  const [school, setSchool] = useState<SchoolResponse | null>(null);
  const [staff, setStaff] = useState<StaffRoleResponse[]>([]);
  const [userId, setUserId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useOnShow(() => {
    if (!schoolId) return;
    Promise.all([schoolsApi.get(schoolId), canDesignate ? schoolsApi.staff(schoolId) : Promise.resolve([])]).then(
      ([s, st]) => {
        setSchool(s);
        setStaff(st);
        setUserId(s.contactUserId === props.me.id ? null : s.contactUserId);
        setName(s.contactName ?? '');
        setPhone(s.contactPhone ?? '');
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  });

  // One entry per person, the designated contact first; not the principal themselves.
  const people = staff
    .filter((s) => s.userId !== props.me.id)
    .sort((a, b) => Number(b.role === 'contact') - Number(a.role === 'contact'))
    .filter((s, i, all) => all.findIndex((x) => x.userId === s.userId) === i);

  const save = async () => {
    if (!schoolId) return;
    if (!userId) return setFormError('请选择负责人');
    if (!name.trim()) return setFormError('请输入公布的姓名');
    if (!validContactPhone(phone.trim())) return setFormError('请输入手机号或带区号的固定电话');
    setFormError(null);
    setBusy(true);
    try {
      setSchool(await schoolsApi.setContact(schoolId, { userId, name: name.trim(), phone: phone.trim() }));
      toast('已保存', 'success');
    } catch (e) {
      setFormError(contactSaveError(e));
    } finally {
      setBusy(false);
    }
  };

  const printPoster = async () => {
    if (!schoolId) return;
    await poster.run(() => openPoster(posterFiles.school(schoolId)), { errors: 'toast' });
  };

  if (!schoolId) return <Text className='muted'>您没有学校管理身份。</Text>;
  if (error) return <Text className='error-text'>{error}</Text>;
  if (!school) return <Text className='muted center'>加载中…</Text>;
  return (
    <View>
      <View className='card'>
        <Text className='title'>{school.name}</Text>
        <Text className='p'>欺凌防治负责人：{school.contactName ? `${school.contactName} ${school.contactPhone ?? ''}` : '尚未设置'}</Text>
        <Text className='muted'>负责人的姓名和电话会公布给全校家长和学生，所有倾诉/举报都会先送到负责人。</Text>
      </View>
      {canPrint && (
        <View className='card'>
          <Text className='subtitle'>倾诉信箱海报</Text>
          <Text className='muted'>A4 海报印有负责人的姓名和电话、报警电话 110、青少年维权热线 12355，以及进入倾诉信箱的二维码。请打印后张贴在校园显著位置。</Text>
          <Button className='btn' disabled={poster.busy || undefined} onClick={() => void printPoster()}>{poster.busy ? '正在生成…' : '下载海报'}</Button>
        </View>
      )}
      {canPrint && <ReporterViewCard schoolId={schoolId} />}
      {!canDesignate && (
        <View className='card'>
          <Text className='muted'>欺凌防治负责人可以查看全校的倾诉/举报，只能由校长指定。如需更换，请联系校长。</Text>
        </View>
      )}
      {canDesignate && (
        <View className='card'>
          <Text className='subtitle'>设置负责人</Text>
          <View className='field'>
            <Text className='label'>选择教职工</Text>
            <View className='choice-list'>
              {people.map((p) => (
                <View
                  key={p.userId}
                  {...a11y({ role: 'button' })}
                  className={`choice${userId === p.userId ? ' selected' : ''}`}
                  onClick={() => {
                    setUserId(p.userId);
                    if (!name.trim() || userId !== p.userId) setName(p.userName);
                  }}
                >
                  {p.userName}（{SCHOOL_ROLE_LABELS[p.role]}）
                </View>
              ))}
            </View>
          </View>
          <View className='field'>
            <Text className='label'>公布的姓名</Text>
            <Input className='input' value={name} maxlength={FIELD_LIMITS.personNameMax} onInput={(e) => setName(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='label'>公布的电话</Text>
            <Input className='input' value={phone} maxlength={FIELD_LIMITS.publicPhoneMax} placeholder='手机号或 010-12345678' onInput={(e) => setPhone(e.detail.value)} />
          </View>
          {formError && <Text className='error-text'>{formError}</Text>}
          <Text className='muted'>更换负责人后，原负责人立即不能再查看举报；区教育局和原负责人会收到通知。</Text>
          <Button className='btn primary' disabled={busy || undefined} onClick={() => void save()}>保存</Button>
        </View>
      )}
    </View>
  );
}

export default function SchoolPage() {
  return <Screen>{(me) => <SchoolBody me={me} />}</Screen>;
}
