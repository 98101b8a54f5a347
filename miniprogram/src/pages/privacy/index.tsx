import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { POLICY_DOCUMENTS, PRIVACY_GUIDE_VERSION, type MeResponse } from '@anxin/shared';
import { a11y } from '../../a11y';
import { ROUTES, openPage } from '../../routes';
import { GuideText, PrivacyGate } from '../../components/Privacy';
import { OpenScreen } from '../../components/Screen';
import { PRIVACY_GUIDE } from '../../content/privacy';

/** Readable with no account: before agreeing it is the guide with its agree button; after, with the record's state. */
function PrivacyBody(props: { me: MeResponse | null; accepted: boolean }) {
  if (!props.accepted) return <PrivacyGate />;
  const recorded = props.me?.privacyGuideAcceptedVersion === PRIVACY_GUIDE_VERSION;
  return (
    <View className='card'>
      <Text className='title'>{PRIVACY_GUIDE.title}</Text>
      <GuideText />
      <Text className='ok-text'>
        {recorded ? `您已同意本指引（版本 ${PRIVACY_GUIDE_VERSION}）` : `您已在本机同意本指引（版本 ${PRIVACY_GUIDE_VERSION}），同意记录正在同步`}
      </Text>
      {POLICY_DOCUMENTS.map((d) => (
        <View key={d.key} className='row' {...a11y({ role: 'button' })} onClick={() => void openPage(`${ROUTES.policy}?doc=${d.key}`)}>
          <View className='row-main'>
            <Text className='p'>{d.title}</Text>
            <Text className='muted'>当前版本 {d.version}</Text>
          </View>
          <Text>›</Text>
        </View>
      ))}
      {process.env.TARO_ENV === 'weapp' && (
        <Button className='btn' onClick={() => void Taro.openPrivacyContract({})}>查看微信隐私保护指引</Button>
      )}
    </View>
  );
}

export default function PrivacyPage() {
  return <OpenScreen>{({ me, accepted }) => <PrivacyBody me={me} accepted={accepted} />}</OpenScreen>;
}
