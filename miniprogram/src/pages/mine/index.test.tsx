import { beforeEach, describe, expect, it } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { MineBody } from './index';
import { Screen } from '../../components/Screen';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { elderModeStore } from '../../state/prefs';
import { privacyAcceptedStore } from '../../state/privacy';
import { sessionStore } from '../../state/session';
import { fakeApi, makeMe } from '../../../test/fake-api';
import { memoryStorage, resetTaro } from '../../../test/stubs/taro';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  elderModeStore.set(false);
  privacyAcceptedStore.set(true);
  sessionStore.set({ me: makeMe(), loading: false, error: null, signedOut: false });
});

describe('长辈模式', () => {
  it('switching it on enlarges the whole page and is kept on the device', async () => {
    fakeApi({ 'GET /me': () => ({ status: 200, body: makeMe() }) });
    const { container } = render(<Screen>{(me) => <MineBody me={me} />}</Screen>);
    const root = container.firstElementChild!;
    expect(root.className).toBe('screen');
    fireEvent.click(container.querySelector('input[type=checkbox]')!);
    expect(root.className).toBe('screen elder');
    expect(memoryStorage.get('anxin.elderMode')).toBe('1');
    expect(storage.getElderMode()).toBe(true);
    fireEvent.click(screen.getByText('长辈模式'));
    expect(root.className).toBe('screen');
    expect(memoryStorage.get('anxin.elderMode')).toBe('0');
    await act(async () => undefined);
  });

  it('a page opened later starts in elder mode when it was left on', async () => {
    fakeApi({ 'GET /me': () => ({ status: 200, body: makeMe() }) });
    memoryStorage.set('anxin.elderMode', '1');
    // What a fresh app start does: read the stored preference.
    elderModeStore.set(storage.getElderMode());
    const { container } = render(<Screen>{(me) => <MineBody me={me} />}</Screen>);
    expect(container.firstElementChild!.className).toBe('screen elder');
    await act(async () => undefined);
  });
});
