import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import { PrivacySheet } from './Privacy';
import { clientConfig } from '../api/client';
import { storage } from '../api/storage';
import { PRIVACY_AGREE_BUTTON_ID, listenForPrivacyRequests, pendingPrivacyStore, privacyAcceptedStore } from '../state/privacy';
import { sessionStore } from '../state/session';
import { fakeApi, makeMe, session } from '../../test/fake-api';
import { resetTaro } from '../../test/stubs/taro';

describe('weapp: wx.onNeedPrivacyAuthorization', () => {
  beforeEach(() => {
    resetTaro();
    process.env.TARO_ENV = 'weapp';
    clientConfig.platform = 'weapp';
    clientConfig.retryDelaysMs = [1, 1];
    privacyAcceptedStore.set(false);
    pendingPrivacyStore.set(null);
    sessionStore.set({ me: null, loading: false, error: null, signedOut: false });
  });
  afterEach(() => {
    process.env.TARO_ENV = 'h5';
    clientConfig.platform = 'h5';
  });

  it('a privacy API waiting for consent shows the sheet; its agree button (open-type) lets the API go on and records the consent', async () => {
    (Taro.login as any).mockResolvedValue({ code: 'wx-code' });
    const api = fakeApi({
      'POST /auth/wechat': () => ({ status: 200, body: session(makeMe({ privacyGuideAcceptedVersion: null })) }),
      'POST /me/consents': () => ({ status: 201, body: {} }),
    });
    listenForPrivacyRequests();
    const listener = (Taro.onNeedPrivacyAuthorization as any).mock.calls[0][0] as (resolve: (o: unknown) => void) => void;
    const resolve = jest.fn();

    render(<PrivacySheet />);
    expect(screen.queryByText('此功能需要您先同意隐私保护指引。')).toBeNull();
    act(() => listener(resolve));
    expect(await screen.findByText('此功能需要您先同意隐私保护指引。')).toBeTruthy();
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });

    const agree = screen.getByText('同意');
    expect(agree.getAttribute('data-open-type')).toBe('agreePrivacyAuthorization');
    expect(agree.id).toBe(PRIVACY_AGREE_BUTTON_ID);
    fireEvent.click(agree);
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID });
    await waitFor(() => expect(api.callsTo('POST /me/consents').map((c) => c.body)).toEqual([{ kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION }]));
    expect(storage.hasAcceptedPrivacy()).toBe(true);
    expect(screen.queryByText('此功能需要您先同意隐私保护指引。')).toBeNull();
  });

  it('declining tells WeChat so (the waiting API fails) and records nothing', () => {
    const api = fakeApi({});
    listenForPrivacyRequests();
    const listener = (Taro.onNeedPrivacyAuthorization as any).mock.calls[0][0] as (resolve: (o: unknown) => void) => void;
    const resolve = jest.fn();
    render(<PrivacySheet />);
    act(() => listener(resolve));
    fireEvent.click(screen.getByText('不同意'));
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
    expect(api.calls).toHaveLength(0);
  });
});
