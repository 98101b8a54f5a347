import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CHILD_RULES, POLICY_DOCUMENTS, type ChildDataOfficer, type MeResponse } from '@anxin/shared';
import { privacyApi } from '../../../api/privacy';
import { OpenScreen } from '../../../components/Screen';
import '../privacy.css';

/** The person responsible for children's data of each school the user belongs to (signed in only). */
function Officers(props: { me: MeResponse | null }) {
  const [officers, setOfficers] = useState<ChildDataOfficer[] | null>(null);
  useEffect(() => {
    if (props.me) privacyApi.myOfficers().then(setOfficers, () => setOfficers(null));
  }, [props.me?.id]);
  if (!props.me) return <Text className='muted'>登录并绑定孩子后，这里显示孩子学校的儿童个人信息保护负责人。</Text>;
  if (!officers) return null;
  if (!officers.length) return <Text className='muted'>您还没有绑定孩子或加入学校。</Text>;
  return (
    <View>
      {officers.map((o) => (
        <View key={o.schoolId} className='pv-officer'>
          <Text className='p'>{o.schoolName}</Text>
          <Text className='muted'>{o.name ? `负责人：${o.name} · 电话：${o.phone}` : '学校尚未指定负责人，请联系班主任'}</Text>
        </View>
      ))}
    </View>
  );
}

/** 隐私政策 (?doc=privacy_policy) or 儿童个人信息保护规则 (?doc=child_rules), with its version; readable without an account. */
export function PolicyBody(props: { doc: string | undefined; me: MeResponse | null }) {
  const doc = POLICY_DOCUMENTS.find((d) => d.key === props.doc) ?? POLICY_DOCUMENTS[0];
  return (
    <View>
      <View className='card'>
        <Text className='title'>{doc.title}</Text>
        <Text className='muted'>版本 {doc.version}</Text>
        {doc.sections.map((s) => (
          <View key={s.heading} className='pv-item'>
            <Text className='p'><Text className='strong'>{s.heading}</Text></Text>
            <Text className='p'>{s.text}</Text>
          </View>
        ))}
      </View>
      {doc.key === CHILD_RULES.key && (
        <View className='card'>
          <Text className='title'>儿童个人信息保护负责人</Text>
          <Officers me={props.me} />
        </View>
      )}
    </View>
  );
}

export default function PolicyPage() {
  const router = useRouter();
  return <OpenScreen>{({ me }) => <PolicyBody doc={router.params.doc} me={me} />}</OpenScreen>;
}
