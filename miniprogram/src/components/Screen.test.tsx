import { beforeEach, describe, expect, it } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { Screen, useOnShow } from './Screen';
import { clientConfig } from '../api/client';
import { storage } from '../api/storage';
import { privacyAcceptedStore } from '../state/privacy';
import { sessionStore } from '../state/session';
import { fakeApi, makeMe, session } from '../../test/fake-api';
import { firePageShow, resetTaro } from '../../test/stubs/taro';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  privacyAcceptedStore.set(storage.hasAcceptedPrivacy());
  sessionStore.set({ me: null, loading: false, error: null, signedOut: false });
});

describe('privacy guide before anything else', () => {
  it('shows the guide first, calls no API, and records the consent on agreement', async () => {
    const newUser = makeMe({ privacyGuideAcceptedVersion: null });
    const api = fakeApi({
      'POST /auth/dev': () => ({ status: 200, body: session(newUser) }),
      'POST /me/consents': () => ({ status: 201, body: {} }),
    });
    render(<Screen>{(me) => <div>页面内容 {me.displayName}</div>}</Screen>);
    expect(screen.getByText('用户隐私保护指引')).toBeTruthy();
    expect(screen.queryByText(/页面内容/)).toBeNull();
    expect(api.calls).toHaveLength(0);

    fireEvent.click(screen.getByText('同意并继续'));
    expect(await screen.findByText('页面内容 刘女士')).toBeTruthy();
    expect(api.callsTo('POST /me/consents').map((c) => c.body)).toEqual([{ kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION }]);
    expect(storage.hasAcceptedPrivacy()).toBe(true);
  });

  it('declining keeps the app closed but shows the emergency numbers', () => {
    const api = fakeApi({});
    render(<Screen>{() => <div>页面内容</div>}</Screen>);
    fireEvent.click(screen.getByText('不同意'));
    expect(screen.getByText('报警电话 110')).toBeTruthy();
    expect(screen.getByText('青少年维权热线 12355')).toBeTruthy();
    expect(screen.queryByText('页面内容')).toBeNull();
    expect(api.calls).toHaveLength(0);
  });
});

describe('我现在有危险 never waits for a login', () => {
  it('before the privacy guide is agreed to, the page offers it, and nothing is sent', () => {
    const api = fakeApi({});
    render(<Screen>{() => <div>页面内容</div>}</Screen>);
    fireEvent.click(screen.getByText('我现在有危险'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/tips/index?danger=1' });
    expect(api.calls).toHaveLength(0);
  });

  it('when logging in fails (no network), the page offers it beside the retry', async () => {
    storage.setPrivacyAccepted(PRIVACY_GUIDE_VERSION);
    privacyAcceptedStore.set(true);
    fakeApi({ 'POST /auth/dev': () => 'network-error' });
    render(<Screen>{() => <div>页面内容</div>}</Screen>);
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy();
    expect(screen.getByText('重试')).toBeTruthy();
    fireEvent.click(screen.getByText('我现在有危险'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/tips/index?danger=1' });
  });

  it('is not on a page that has its content (the tip box entry is one tap away)', async () => {
    storage.setPrivacyAccepted(PRIVACY_GUIDE_VERSION);
    privacyAcceptedStore.set(true);
    fakeApi({ 'POST /auth/dev': () => ({ status: 200, body: session(makeMe()) }) });
    render(<Screen>{(me) => <div>页面内容 {me.displayName}</div>}</Screen>);
    expect(await screen.findByText('页面内容 刘女士')).toBeTruthy();
    expect(screen.queryByText('我现在有危险')).toBeNull();
  });
});

describe('useOnShow', () => {
  function Loads(props: { onLoad: () => void }) {
    useOnShow(props.onLoad);
    return null;
  }

  it('loads once when the page opens (the first onShow is not a second load), and again each time it shows after being hidden', () => {
    let loads = 0;
    render(<Loads onLoad={() => { loads += 1; }} />);
    expect(loads).toBe(1);
    // Taro's first onShow of a page comes after the body mounted: nothing changed since the mount's load.
    act(() => firePageShow({ hide: false }));
    expect(loads).toBe(1);
    act(() => firePageShow());
    expect(loads).toBe(2);
    act(() => firePageShow());
    expect(loads).toBe(3);
    // A show without a hide first (Taro found no page element to hide when pages changed fast) still loads after the first.
    act(() => firePageShow({ hide: false }));
    expect(loads).toBe(4);
  });
});
