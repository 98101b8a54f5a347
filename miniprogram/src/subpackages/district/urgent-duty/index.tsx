import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { URGENT_LIMITS, type DistrictDutyPhone, type MeResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { fieldProblems, urgentApi } from '../../../api/urgent';
import { Screen, toast } from '../../../components/Screen';
import { officerDistrict } from '../../../state/session';

/**
 * 区县值班电话 (district officers, from the district console): the phone rung last in every school's call-down. The
 * saved phone is shown masked only; saving sends the name and a phone typed in full.
 */
export function DistrictDutyBody(props: { me: MeResponse }) {
  const district = officerDistrict(props.me);
  const [saved, setSaved] = useState<DistrictDutyPhone | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!district) return;
    urgentApi.districtDuty(district.id).then((d) => { setSaved(d); setName(d.name ?? ''); }, (e) => setLoadError(errorText(e)));
  }, [district?.id]);

  const save = async () => {
    if (!district) return;
    if (!phone.trim()) return setProblems({ phone: '请填写值班电话（保存时需要输入完整号码）' });
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      const d = await urgentApi.saveDistrictDuty(district.id, { name: name.trim(), phone: phone.trim() });
      setSaved(d);
      setPhone('');
      toast('已保存', 'success');
    } catch (e) {
      setError(errorText(e));
      setProblems(fieldProblems(e));
    } finally {
      setBusy(false);
    }
  };

  if (!district) return <Text className='muted'>只有区县教育局的工作人员可以设置区县值班电话。</Text>;
  if (loadError) return <Text className='error-text'>{loadError}</Text>;
  if (!saved) return <Text className='muted center'>加载中…</Text>;
  return (
    <View className='card district-duty'>
      <Text className='title'>区县值班电话</Text>
      <Text className='muted'>各校的紧急举报按学校名单依次呼叫后仍无人受理时，最后呼叫这个电话。短信和电话不含举报内容。</Text>
      {saved.phoneMasked
        ? <Text className='p district-duty-saved'>当前：{saved.name ?? ''} {saved.phoneMasked}</Text>
        : <Text className='notice'>尚未设置区县值班电话：学校名单呼叫完后不会再呼叫区县。</Text>}
      <View className='field'>
        <Text className='label'>名称</Text>
        <Input className='input district-duty-name' value={name} maxlength={URGENT_LIMITS.nameMax} placeholder='例如 区教育局值班室' onInput={(e) => setName(e.detail.value)} />
        {problems.name && <Text className='field-error'>{problems.name}</Text>}
      </View>
      <View className='field'>
        <Text className='label'>电话</Text>
        <Input className='input district-duty-phone' value={phone} maxlength={URGENT_LIMITS.phoneMax} placeholder='手机号或座机号，输入完整号码' onInput={(e) => setPhone(e.detail.value)} />
        {problems.phone && <Text className='field-error'>{problems.phone}</Text>}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      <Button className='btn primary' disabled={busy || undefined} onClick={() => void save()}>保存</Button>
    </View>
  );
}

export default function DistrictDutyPage() {
  return <Screen>{(me) => <DistrictDutyBody me={me} />}</Screen>;
}
