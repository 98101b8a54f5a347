import { beforeEach, describe, expect, it } from '@jest/globals';
import { act, renderHook, waitFor } from '@testing-library/react';
import { clientConfig } from '../api/client';
import { fakeApi } from '../../test/fake-api';
import { memoryStorage, resetTaro } from '../../test/stubs/taro';
import { cachedSchoolCard, lastSeenSchoolCard, saveSchoolCard, useSchoolCard } from './school-card';

const CARD = { id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' }, emergencyNumbers: [{ name: '报警电话', number: '110' }] };
const OTHER = { id: 'sch2', name: '明德实验中学', contact: { name: '孙伟', phone: '010-68765432' }, emergencyNumbers: [] };

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
});

describe('the school card kept on the device', () => {
  it('keeps the public card (name and contact only) with when it was saved, newest first', () => {
    saveSchoolCard(CARD, new Date('2026-11-30T08:10:00.000Z'));
    saveSchoolCard(OTHER, new Date('2026-11-30T09:00:00.000Z'));
    expect(cachedSchoolCard('sch1')).toEqual({ card: { id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' } }, savedAt: '2026-11-30T08:10:00.000Z' });
    expect(lastSeenSchoolCard()?.card.id).toBe('sch2');
    // Seen again: replaces the old copy and becomes the newest.
    saveSchoolCard({ ...CARD, contact: { name: '李新', phone: '13800000000' } }, new Date('2026-11-30T10:00:00.000Z'));
    expect(lastSeenSchoolCard()).toEqual({ card: { id: 'sch1', name: '阳光实验小学', contact: { name: '李新', phone: '13800000000' } }, savedAt: '2026-11-30T10:00:00.000Z' });
    expect(JSON.parse(memoryStorage.get('anxin.schoolCards') as string)).toHaveLength(2);
  });

  it('keeps at most five schools, dropping the one seen longest ago', () => {
    for (let i = 1; i <= 6; i++) saveSchoolCard({ id: `s${i}`, name: `学校${i}`, contact: null }, new Date(Date.UTC(2026, 10, 30, i)));
    expect(cachedSchoolCard('s1')).toBeNull();
    expect(cachedSchoolCard('s2')?.card.name).toBe('学校2');
    expect(lastSeenSchoolCard()?.card.id).toBe('s6');
  });

  it('ignores what it cannot read (another version, a damaged value)', () => {
    memoryStorage.set('anxin.schoolCards', '{not json');
    expect(lastSeenSchoolCard()).toBeNull();
    memoryStorage.set('anxin.schoolCards', JSON.stringify([{ card: { id: 'sch1', contact: 'x' }, savedAt: 'x' }, { savedAt: 'y' }]));
    expect(cachedSchoolCard('sch1')).toBeNull();
    saveSchoolCard(CARD);
    expect(cachedSchoolCard('sch1')?.card.contact?.name).toBe('张静');
  });
});

describe('useSchoolCard', () => {
  it('fetches the card and keeps it on the device', async () => {
    const api = fakeApi({ 'GET /schools/sch1/public': () => ({ status: 200, body: CARD }) });
    const { result } = renderHook(() => useSchoolCard('sch1', { fetch: true }));
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.card).toEqual({ id: 'sch1', name: '阳光实验小学', contact: { name: '张静', phone: '010-62345678' } });
    expect(result.current.cachedAt).toBeNull();
    expect(cachedSchoolCard('sch1')?.card.contact).toEqual({ name: '张静', phone: '010-62345678' });
    expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(1);
  });

  it('no network: the device’s copy, with when it was saved, and the network error', async () => {
    saveSchoolCard(CARD, new Date('2026-11-30T08:10:00.000Z'));
    const api = fakeApi({ 'GET /schools/sch1/public': () => 'network-error' });
    const { result } = renderHook(() => useSchoolCard('sch1', { fetch: true }));
    // Shown at once, before the request has failed.
    expect(result.current.card?.contact?.name).toBe('张静');
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.card?.contact).toEqual({ name: '张静', phone: '010-62345678' });
    expect(result.current.cachedAt).toBe('2026-11-30T08:10:00.000Z');
    expect(result.current.error).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(api.callsTo('GET /schools/sch1/public')).toHaveLength(3); // a GET is retried twice
  });

  it('no network and never seen: no card, the network error', async () => {
    fakeApi({ 'GET /schools/sch1/public': () => 'network-error' });
    const { result } = renderHook(() => useSchoolCard('sch1', { fetch: true }));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.card).toBeNull();
    expect(result.current.cachedAt).toBeNull();
    expect(result.current.error).toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('fetch: false (privacy guide not agreed to): sends nothing, shows only the device’s copy', async () => {
    saveSchoolCard(CARD, new Date('2026-11-30T08:10:00.000Z'));
    const api = fakeApi({ 'GET /schools/sch1/public': () => ({ status: 200, body: CARD }) });
    const { result } = renderHook(() => useSchoolCard('sch1', { fetch: false }));
    act(() => result.current.reload());
    expect(result.current.card?.name).toBe('阳光实验小学');
    expect(result.current.loading).toBe(false);
    expect(api.calls).toHaveLength(0);
  });

  it('an answer for a school no longer shown is dropped', async () => {
    const answers: Record<string, (v: unknown) => void> = {};
    const Taro = (await import('@tarojs/taro')).default as any;
    Taro.request.mockImplementation((o: { url: string }) => new Promise((r) => { answers[o.url.includes('sch1') ? 'sch1' : 'sch2'] = r; }));
    const { result, rerender } = renderHook(({ id }) => useSchoolCard(id, { fetch: true }), { initialProps: { id: 'sch1' } });
    rerender({ id: 'sch2' });
    await act(async () => {
      answers.sch2({ statusCode: 200, data: OTHER });
      answers.sch1({ statusCode: 200, data: CARD });
    });
    expect(result.current.card?.name).toBe('明德实验中学');
  });
});
