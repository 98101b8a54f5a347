import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { EMERGENCY_NUMBERS } from '@anxin/shared';
import { PRIVACY_GUIDE } from '../content/privacy';
import { PRIVACY_AGREE_BUTTON_ID, acceptPrivacy, declinePendingPrivacy, usePendingPrivacy } from '../state/privacy';

/** The agree button: in WeChat it is also WeChat's own privacy authorization (open-type). */
function AgreeButton(props: { label: string; onAgreed: () => void; busy?: boolean }) {
  if (process.env.TARO_ENV === 'weapp') {
    return (
      <Button
        id={PRIVACY_AGREE_BUTTON_ID}
        className='btn primary'
        openType='agreePrivacyAuthorization'
        onAgreePrivacyAuthorization={props.onAgreed}
        disabled={props.busy || undefined}
      >
        {props.label}
      </Button>
    );
  }
  return (
    <Button className='btn primary' onClick={props.onAgreed} disabled={props.busy || undefined}>
      {props.label}
    </Button>
  );
}

export function GuideText() {
  return (
    <View className='guide'>
      <Text className='p'>{PRIVACY_GUIDE.summary}</Text>
      {PRIVACY_GUIDE.sections.map((s) => (
        <View key={s.heading} className='guide-section'>
          <Text className='subtitle'>{s.heading}</Text>
          <Text className='p'>{s.text}</Text>
        </View>
      ))}
      <Text className='muted'>版本 {PRIVACY_GUIDE.version}</Text>
    </View>
  );
}

/** First run: shown before anything else until the user agrees. */
export function PrivacyGate() {
  const [declined, setDeclined] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <View className='card privacy-gate'>
      <Text className='title'>{PRIVACY_GUIDE.title}</Text>
      <GuideText />
      {declined && (
        <View className='notice'>
          <Text className='p'>不同意将无法使用安心家校。如果您或孩子正遇到危险，请直接拨打：</Text>
          {EMERGENCY_NUMBERS.map((n) => (
            <Button key={n.number} className='btn' onClick={() => void Taro.makePhoneCall({ phoneNumber: n.number })}>
              {n.name} {n.number}
            </Button>
          ))}
        </View>
      )}
      <AgreeButton
        label='同意并继续'
        busy={busy}
        onAgreed={async () => {
          setBusy(true);
          try {
            await acceptPrivacy();
          } finally {
            setBusy(false);
          }
        }}
      />
      {!declined && <Button className='btn' onClick={() => setDeclined(true)}>不同意</Button>}
    </View>
  );
}

/** weapp: a privacy API was called before agreement (wx.onNeedPrivacyAuthorization); ask here. */
export function PrivacySheet() {
  const pending = usePendingPrivacy();
  if (!pending) return null;
  return (
    <View className='sheet-mask'>
      <View className='sheet'>
        <Text className='title'>{PRIVACY_GUIDE.title}</Text>
        <Text className='p'>此功能需要您先同意隐私保护指引。</Text>
        <Button className='btn' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>查看完整指引</Button>
        <AgreeButton label='同意' onAgreed={() => void acceptPrivacy()} />
        <Button className='btn' onClick={declinePendingPrivacy}>不同意</Button>
      </View>
    </View>
  );
}
