import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION, type MeResponse } from '@anxin/shared';
import { GuideText } from '../../components/Privacy';
import { Screen } from '../../components/Screen';
import { PRIVACY_GUIDE } from '../../content/privacy';

function PrivacyBody(props: { me: MeResponse }) {
  const accepted = props.me.privacyGuideAcceptedVersion;
  return (
    <View className='card'>
      <Text className='title'>{PRIVACY_GUIDE.title}</Text>
      <GuideText />
      <Text className='ok-text'>
        {accepted === PRIVACY_GUIDE_VERSION ? `您已同意本指引（版本 ${accepted}）` : '同意记录正在同步'}
      </Text>
      {process.env.TARO_ENV === 'weapp' && (
        <Button className='btn' onClick={() => void Taro.openPrivacyContract({})}>查看微信隐私保护指引</Button>
      )}
    </View>
  );
}

export default function PrivacyPage() {
  return <Screen>{(me) => <PrivacyBody me={me} />}</Screen>;
}
