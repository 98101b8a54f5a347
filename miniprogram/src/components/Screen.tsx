import { useEffect, useRef, type ReactNode } from 'react';
import { Button, View, Text } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import type { MeResponse } from '@anxin/shared';
import { useElderMode } from '../state/prefs';
import { usePrivacyAccepted } from '../state/privacy';
import { loadMe, signInAgain, useSession } from '../state/session';
import { BrowserSignIn } from './BrowserSignIn';
import { DangerNow } from './DangerNow';
import { DemoBanner } from './DemoBanner';
import { PrivacyGate, PrivacySheet } from './Privacy';

/** What every page frame needs: the layout mode, whether the privacy guide is agreed, and the session (loaded once it is). */
function useScreenSession() {
  const elder = useElderMode();
  const accepted = usePrivacyAccepted();
  const session = useSession();
  useEffect(() => {
    if (accepted) void loadMe();
  }, [accepted]);
  return { elder, accepted, session };
}

/**
 * The frame of the pages that need an account: 长辈模式 class, the demo banner, the privacy guide before anything
 * else, and the session. The page body mounts only once the guide is accepted and the user is known, so no page
 * calls the API (or collects anything) before that. A browser on a server without the demo login signs in by scanning
 * a code (BrowserSignIn) and then sees the page it opened. Until then (and when logging in fails) the page offers
 * 我现在有危险, which opens the emergency screen without an account or a network.
 */
export function Screen(props: { children: (me: MeResponse) => ReactNode }) {
  const { elder, accepted, session } = useScreenSession();

  let body: ReactNode;
  if (!accepted) body = <PrivacyGate />;
  else if (session.signInByScan && !session.me && process.env.TARO_ENV === 'h5') body = <BrowserSignIn />;
  else if (session.signedOut) {
    body = (
      <View className='card center'>
        <Text className='title'>您已退出登录</Text>
        <Button className='btn primary' onClick={() => void signInAgain()}>重新登录</Button>
      </View>
    );
  } else if (session.me) body = props.children(session.me);
  else if (session.error) {
    body = (
      <View className='card center'>
        <Text className='error-text'>{session.error}</Text>
        <Button className='btn primary' onClick={() => void loadMe(true)}>重试</Button>
      </View>
    );
  } else body = <View className='muted center'>加载中…</View>;

  return (
    <View className={`screen${elder ? ' elder' : ''}`}>
      {accepted && <DemoBanner />}
      {!(accepted && session.me) && <DangerNow />}
      {body}
      <PrivacySheet />
    </View>
  );
}

/**
 * The frame of the pages that need no account: the tip box entry with its emergency screen, and the privacy
 * guide. They render at once, with no session and no network; the session is loaded alongside (after the privacy
 * guide is agreed to) and handed to the page when it arrives, but the page never waits for it. Such a page shows
 * the privacy guide itself where it needs the agreement (`accepted`).
 */
export function OpenScreen(props: { children: (ctx: { me: MeResponse | null; accepted: boolean }) => ReactNode }) {
  const { elder, accepted, session } = useScreenSession();

  return (
    <View className={`screen${elder ? ' elder' : ''}`}>
      {accepted && <DemoBanner />}
      {props.children({ me: session.me, accepted })}
      <PrivacySheet />
    </View>
  );
}

/**
 * Runs `fn` each time the page shows again (back from another page, a tab switch, WeChat back from the background),
 * not on its first show. On h5 Taro fires the first onShow after the page body mounted: a load run then as well as
 * on mount would be a second load, and its answer, coming after the user began typing, would overwrite what they
 * typed. The first show this body sees counts as "again" only after a hide (a body that mounted after its page's
 * first show).
 */
export function useShownAgain(fn: () => void) {
  const hidden = useRef(false);
  const shows = useRef(0);
  useDidHide(() => {
    hidden.current = true;
  });
  useDidShow(() => {
    shows.current += 1;
    if (shows.current === 1 && !hidden.current) return;
    hidden.current = false;
    fn();
  });
}

/** Runs `fn` when the page body mounts and each time the page shows again (`useShownAgain`). */
export function useOnShow(fn: () => void) {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    latest.current();
  }, []);
  useShownAgain(() => latest.current());
}

export function toast(title: string, icon: 'success' | 'none' = 'none') {
  void Taro.showToast({ title, icon, duration: 2500 });
}
