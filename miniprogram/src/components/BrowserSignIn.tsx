import { useEffect, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import { signInByScan, type BrowserSignInView } from '../state/browser-sign-in';
import './browser-sign-in.css';

const REFUSED_TEXT = {
  cancelled: '已在手机上取消登录。',
  not_staff: '这个微信账号不是学校或教育局的工作人员，不能登录电脑端。家长和学生请在微信里使用安心家校小程序。',
} as const;

/**
 * The browser's sign-in (h5 where the server has no demo login, i.e. production): a code to scan with WeChat
 * (请用微信扫码登录), renewed when it expires, and the app as soon as the phone confirms. Only school and district
 * staff can sign in here; parents and students use the mini-program.
 */
export function BrowserSignIn() {
  const [view, setView] = useState<BrowserSignInView>({ phase: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let stop = false;
    void signInByScan(setView, () => stop);
    return () => {
      stop = true;
    };
  }, [round]);
  const again = () => {
    setView({ phase: 'loading' });
    setRound((r) => r + 1);
  };

  let body;
  if (view.phase === 'waiting') {
    body = (
      <View>
        <Image className='bsi-code' src={view.image} mode='aspectFit' />
        <Text className='title'>{view.status === 'scanned' ? '已扫码，请在手机上确认登录' : '请用微信扫码登录'}</Text>
        <Text className='muted'>
          {view.status === 'scanned'
            ? '在手机上点「确认登录」后，这里会自动进入安心家校。'
            : '打开手机微信「扫一扫」，扫描上方二维码，在手机上确认后即可登录。二维码 2 分钟内有效，过期会自动刷新。'}
        </Text>
      </View>
    );
  } else if (view.phase === 'refused') {
    body = (
      <View>
        <Text className='title'>未登录</Text>
        <Text className='p'>{view.refusal ? REFUSED_TEXT[view.refusal] : '登录未被确认。'}</Text>
        <Button className='btn primary' onClick={again}>刷新二维码</Button>
      </View>
    );
  } else if (view.phase === 'stale') {
    body = (
      <View>
        <Text className='title'>二维码已过期</Text>
        <Button className='btn primary' onClick={again}>刷新二维码</Button>
      </View>
    );
  } else if (view.phase === 'error') {
    body = (
      <View>
        <Text className='error-text'>{view.message}</Text>
        <Button className='btn primary' onClick={again}>重试</Button>
      </View>
    );
  } else {
    body = <Text className='muted'>正在生成二维码…</Text>;
  }

  return (
    <View className='card center browser-sign-in'>
      <Text className='bsi-heading'>安心家校 · 电脑端登录</Text>
      {body}
      <Text className='muted bsi-note'>仅限学校和教育局工作人员。登录后在手机「我的 → 已登录的电脑」中可以随时退出这台电脑。</Text>
    </View>
  );
}
