import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { TipDetail, TipInternalView } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { extraTaro } from '../../tips/tips-test-support';

jest.mock('@tarojs/components', () => require('../../tips/tips-test-support').componentsWithTextarea());
const { CaseInternal } = require('./case-internal') as typeof import('./case-internal');

const tip = { id: 't1', status: 'investigating' } as TipDetail;
const view = (over: Partial<TipInternalView> = {}): TipInternalView => ({
  notes: [{ id: 'n1', author: { userId: 'u1', name: '张静' }, body: '已约谈班主任', at: '2026-11-29T04:00:00.000Z' }],
  progress: { step: 'interview_students', detail: null, by: { userId: 'u1', name: '张静' }, at: '2026-11-29T05:00:00.000Z' },
  canWrite: true,
  ...over,
});

beforeEach(() => {
  resetTaro();
  extraTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('内部备注 on the case page', () => {
  it('is marked as hidden from the reporter, shows the notes and the internal step beside the public status', async () => {
    fakeApi({ 'GET /tips/t1/internal': () => ({ status: 200, body: view() }) });
    render(<CaseInternal tip={tip} />);
    expect(await screen.findByText('内部备注（举报人看不到）')).toBeTruthy();
    expect(await screen.findByText('已约谈班主任')).toBeTruthy();
    expect(screen.getByText('约谈学生', { selector: '.current-progress' })).toBeTruthy();
    expect(screen.getByText('举报人看到的状态：调查中')).toBeTruthy();
    expect(screen.getByText('备注添加后不能修改或删除；如需更正，请再添加一条。')).toBeTruthy();
  });

  it('adds a note (appended below the others); an empty one is refused before sending', async () => {
    const api = fakeApi({
      'GET /tips/t1/internal': () => ({ status: 200, body: view() }),
      'POST /tips/t1/notes': (c) => ({ status: 201, body: { id: 'n2', author: { userId: 'u1', name: '张静' }, body: c.body.body, at: '2026-11-29T06:00:00.000Z' } }),
    });
    render(<CaseInternal tip={tip} />);
    await screen.findByText('已约谈班主任');
    fireEvent.click(screen.getByText('添加备注'));
    expect(screen.getByText('请填写备注内容')).toBeTruthy();
    fireEvent.change(document.querySelector('textarea.note-input')!, { target: { value: '更正：约谈的是德育主任' } });
    fireEvent.click(screen.getByText('添加备注'));
    await waitFor(() => expect([...document.querySelectorAll('.note-body')].map((n) => n.textContent)).toEqual(['已约谈班主任', '更正：约谈的是德育主任']));
    expect(api.callsTo('POST /tips/t1/notes')[0].body).toEqual({ body: '更正：约谈的是德育主任' });
  });

  it('sets the internal step; 其他 needs words', async () => {
    const api = fakeApi({
      'GET /tips/t1/internal': () => ({ status: 200, body: view({ progress: null }) }),
      'PUT /tips/t1/progress': (c) => ({ status: 200, body: { ...c.body, detail: c.body.detail ?? null, by: { userId: 'u1', name: '张静' }, at: '2026-11-29T06:00:00.000Z' } }),
    });
    render(<CaseInternal tip={tip} />);
    expect(await screen.findByText('还没有记录内部进展')).toBeTruthy();
    fireEvent.click(screen.getByText('其他'));
    fireEvent.click(screen.getByText('保存进展'));
    expect(screen.getByText('选择“其他”时请写明进展')).toBeTruthy();
    expect(api.callsTo('PUT /tips/t1/progress')).toHaveLength(0);
    fireEvent.click(screen.getByText('调取监控'));
    fireEvent.click(screen.getByText('保存进展'));
    await waitFor(() => expect(api.callsTo('PUT /tips/t1/progress')).toHaveLength(1));
    expect(api.callsTo('PUT /tips/t1/progress')[0].body).toEqual({ step: 'cctv' });
    expect(await screen.findByText('调取监控', { selector: '.current-progress' })).toBeTruthy();
  });

  it('a reader who may not write sees no controls; a caller the server refuses sees nothing', async () => {
    fakeApi({ 'GET /tips/t1/internal': () => ({ status: 200, body: view({ canWrite: false }) }) });
    const { unmount } = render(<CaseInternal tip={tip} />);
    await screen.findByText('已约谈班主任');
    expect(screen.queryByText('添加备注')).toBeNull();
    expect(screen.queryByText('保存进展')).toBeNull();
    unmount();
    const api = fakeApi({ 'GET /tips/t1/internal': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '只有欺凌防治负责人和经办人可以查看举报内容' } }) });
    render(<CaseInternal tip={tip} />);
    await waitFor(() => expect(api.callsTo('GET /tips/t1/internal')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByText('内部备注（举报人看不到）')).toBeNull());
  });
});
