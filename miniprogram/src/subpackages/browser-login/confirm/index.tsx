import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { ErrorCode, SCHOOL_ROLE_LABELS, formatMonthDayTime, parseQrLoginScene, type MeResponse, type QrLoginScanResponse } from '@anxin/shared';
import { ApiError, errorText } from '../../../api/client';
import { browserLoginApi } from '../../../api/browser-login';
import { Screen } from '../../../components/Screen';
import { ROUTES, openPage } from '../../../routes';
import '../browser-login.css';

type Phase =
  | { kind: 'loading' }
  | { kind: 'ready'; info: QrLoginScanResponse }
  | { kind: 'confirmed' }
  | { kind: 'cancelled' }
  /** Not for this user (not staff), or the code cannot be used (expired, used, another phone): the server's words. */
  | { kind: 'refused'; title: string; message: string };

const INVALID = { kind: 'refused', title: '二维码无效', message: '没有读到登录二维码，请在电脑上刷新二维码后重新扫码。' } as const satisfies Phase;

function refusal(e: unknown): Phase {
  if (e instanceof ApiError && e.code === ErrorCode.QR_LOGIN_NOT_STAFF) return { kind: 'refused', title: '不能登录电脑端', message: e.message };
  if (e instanceof ApiError && (e.code === ErrorCode.QR_LOGIN_EXPIRED || e.status === 404)) return { kind: 'refused', title: '二维码已失效', message: e.status === 404 ? INVALID.message : e.message };
  return { kind: 'refused', title: '出了点问题', message: errorText(e) };
}

/**
 * Where a desktop browser's sign-in code leads on the phone (扫码登录): says which browser asks, from roughly where
 * and since when, and signs it in as the user on 确认登录. Opened by the mini-program code (`scene` in the launch
 * query), the h5 link of the plain QR fallback (`?scene=`), or WeChat's 扫普通链接二维码打开小程序 (`q`). Only school
 * and district staff may sign a browser in; anyone else is told so plainly.
 */
export function ConfirmBody(props: { me: MeResponse }) {
  const router = useRouter();
  const scene = parseQrLoginScene({ scene: router.params?.scene, q: router.params?.q });
  const [phase, setPhase] = useState<Phase>(scene ? { kind: 'loading' } : INVALID);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!scene) return;
    browserLoginApi.scan(scene).then((info) => setPhase({ kind: 'ready', info }), (e) => setPhase(refusal(e)));
  }, [scene]);

  const act = async (step: 'confirm' | 'cancel') => {
    if (!scene) return;
    setBusy(true);
    setError(null);
    try {
      await browserLoginApi[step](scene);
      setPhase({ kind: step === 'confirm' ? 'confirmed' : 'cancelled' });
    } catch (e) {
      if (e instanceof ApiError && (e.code === ErrorCode.QR_LOGIN_EXPIRED || e.code === ErrorCode.QR_LOGIN_NOT_STAFF)) setPhase(refusal(e));
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const home = <Button className='btn' onClick={() => void openPage(ROUTES.home)}>返回首页</Button>;
  if (phase.kind === 'loading') return <View className='muted center'>正在读取登录请求…</View>;
  if (phase.kind === 'refused') {
    return (
      <View className='card'>
        <Text className='title'>{phase.title}</Text>
        <Text className='p'>{phase.message}</Text>
        {home}
      </View>
    );
  }
  if (phase.kind === 'confirmed') {
    return (
      <View className='card'>
        <Text className='title'>已确认登录</Text>
        <Text className='p'>电脑上马上会进入安心家校。用完请在电脑上退出登录，也可以在「我的 → 已登录的电脑」中让它退出。</Text>
        <Button className='btn' onClick={() => void openPage(ROUTES.browserSessions)}>查看已登录的电脑</Button>
        {home}
      </View>
    );
  }
  if (phase.kind === 'cancelled') {
    return (
      <View className='card'>
        <Text className='title'>已取消</Text>
        <Text className='p'>这台电脑不会登录。</Text>
        {home}
      </View>
    );
  }
  const { info } = phase;
  const roles = props.me.roles.map((r) => SCHOOL_ROLE_LABELS[r.role]).filter((x, i, all) => all.indexOf(x) === i).join('、');
  return (
    <View className='card'>
      <Text className='title'>登录电脑端</Text>
      <Text className='p'>有一台电脑正在请求用你的账号登录安心家校：</Text>
      <View className='bl-facts'>
        <View className='bl-fact'><Text className='bl-label'>浏览器</Text><Text className='bl-value'>{info.browser}</Text></View>
        <View className='bl-fact'><Text className='bl-label'>大致位置</Text><Text className='bl-value'>{info.location}</Text></View>
        <View className='bl-fact'><Text className='bl-label'>请求时间</Text><Text className='bl-value'>{formatMonthDayTime(info.requestedAt)}</Text></View>
        <View className='bl-fact'><Text className='bl-label'>登录账号</Text><Text className='bl-value'>{props.me.displayName}{roles ? `（${roles}）` : ''}</Text></View>
      </View>
      <Text className='bl-warning'>请确认是你本人正在使用这台电脑。如果不是你本人操作，请点「取消」。大致位置根据电脑的网络地址判断，仅供参考。</Text>
      {error && <Text className='error-text'>{error}</Text>}
      <Button className='btn primary' disabled={busy || undefined} onClick={() => void act('confirm')}>确认登录</Button>
      <Button className='btn' disabled={busy || undefined} onClick={() => void act('cancel')}>取消</Button>
    </View>
  );
}

export default function BrowserLoginConfirmPage() {
  return <Screen>{(me) => <ConfirmBody me={me} />}</Screen>;
}
