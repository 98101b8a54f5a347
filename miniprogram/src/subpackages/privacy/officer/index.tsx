import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { FIELD_LIMITS, PUBLIC_PHONE_PATTERN, formatDateTime, type MeResponse } from '@anxin/shared';
import { errorText } from '../../../api/client';
import { privacyApi } from '../../../api/privacy';
import { Screen, toast, useOnShow } from '../../../components/Screen';
import { useAction } from '../../../components/use-action';
import { staffSchoolId } from '../../../state/session';
import '../privacy.css';

/**
 * The school's person responsible for children's personal information: the principal or a school admin sets the name
 * and phone (recorded in the audit log); guardians of the school see them on the 儿童个人信息保护规则 page.
 */
export function OfficerBody(props: { me: MeResponse }) {
  const schoolId = staffSchoolId(props.me);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const action = useAction();
  useOnShow(() => {
    if (!schoolId) return;
    privacyApi.officer(schoolId).then((o) => {
      setName(o.name ?? '');
      setPhone(o.phone ?? '');
      setUpdatedAt(o.updatedAt);
    }, (e) => toast(errorText(e)));
  });
  if (!schoolId) return <View className='card'><Text className='muted'>只有学校的校长和管理员可以设置。</Text></View>;
  const valid = name.trim().length > 0 && PUBLIC_PHONE_PATTERN.test(phone.trim());
  const save = () => action.run(async () => {
    const o = await privacyApi.setOfficer(schoolId, { name: name.trim(), phone: phone.trim() });
    setUpdatedAt(o.updatedAt);
  }, { done: '已保存', errors: 'toast' });
  return (
    <View className='card'>
      <Text className='title'>儿童个人信息保护负责人</Text>
      <Text className='muted'>按《儿童个人信息网络保护规定》，学校指定专人负责儿童个人信息保护。家长在“儿童个人信息保护规则”页面看到这里的姓名和电话。</Text>
      <View className='field'>
        <Text className='label'>姓名</Text>
        <Input className='input pv-officer-name' value={name} maxlength={FIELD_LIMITS.personNameMax} onInput={(e) => setName(e.detail.value)} />
      </View>
      <View className='field'>
        <Text className='label'>联系电话（手机或座机）</Text>
        <Input className='input pv-officer-phone' value={phone} maxlength={FIELD_LIMITS.publicPhoneMax} onInput={(e) => setPhone(e.detail.value)} />
      </View>
      {updatedAt && <Text className='muted'>上次修改：{formatDateTime(new Date(updatedAt))}</Text>}
      <Button className='btn primary' disabled={action.busy || !valid || undefined} onClick={() => void save()}>保存</Button>
    </View>
  );
}

export default function OfficerPage() {
  return <Screen>{(me) => <OfficerBody me={me} />}</Screen>;
}
