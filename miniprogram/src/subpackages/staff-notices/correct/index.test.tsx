import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NoticeStaffDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { extraTaro } from '../../tips/tips-test-support';

jest.mock('@tarojs/components', () => require('../../tips/tips-test-support').componentsWithTextarea());
const { CorrectBody } = require('./index') as typeof import('./index');

const ORIGINAL = {
  id: 'n1', schoolId: 'sch1', kind: 'notice', title: '期中家长会通知', status: 'published', confirmMode: 'confirm', confirmDeadline: null, question: null,
  body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '本周五下午三点开家长会。' }] }] },
  audience: { scope: 'classes', ids: ['c1'], classes: [{ id: 'c1', name: '三年级1班' }] },
  canManage: true, correctionOf: null, correctionNote: null, correctedBy: { id: 'n2', title: '【更正】期中家长会通知' }, review: null,
} as unknown as NoticeStaffDetail;
const LATEST = { ...ORIGINAL, id: 'n2', title: '【更正】期中家长会通知', correctionOf: { id: 'n1', title: '期中家长会通知' }, correctedBy: null };
const role = { role: 'teacher' as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: ['c1'] };

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('发布更正', () => {
  it('starts from the chain\'s latest text, needs a note, and publishes the correction to the same classes', async () => {
    const taro = extraTaro();
    const api = fakeApi({
      'GET /notices/n1': () => ({ status: 200, body: ORIGINAL }),
      'GET /notices/n2': () => ({ status: 200, body: LATEST }),
      'POST /notices/n2/corrections': () => ({ status: 201, body: { ...LATEST, id: 'n3', title: '【更正】期中家长会通知' } }),
    });
    render(<CorrectBody me={makeMe({ roles: [role] })} id='n1' />);
    expect(await screen.findByText('更正《【更正】期中家长会通知》')).toBeTruthy();
    expect((document.querySelector('.title-input') as HTMLInputElement).value).toBe('期中家长会通知');
    expect(screen.getByText(/原来的家长（三年级1班）/)).toBeTruthy();

    // Without a note nothing is sent.
    fireEvent.click(screen.getByText('发布更正'));
    expect(await screen.findByText('请说明更正了什么（家长会看到这段说明）')).toBeTruthy();
    expect(api.callsTo('POST /notices/n2/corrections')).toHaveLength(0);

    fireEvent.change(document.querySelector('.textarea')!, { target: { value: '家长会改在本周六上午九点。' } });
    fireEvent.change(document.querySelector('.correction-note')!, { target: { value: '时间由周五改为周六' } });
    expect(screen.getByText('更正说明：时间由周五改为周六')).toBeTruthy();
    fireEvent.click(screen.getByText('发布更正'));
    await waitFor(() => expect(taro.redirectTo).toHaveBeenCalled());
    expect(api.callsTo('POST /notices/n2/corrections')[0].body).toEqual({
      title: '期中家长会通知', confirmMode: 'confirm', note: '时间由周五改为周六',
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '家长会改在本周六上午九点。' }] }] },
    });
    expect(taro.redirectTo.mock.calls[0][0]).toEqual({ url: '/subpackages/staff-notices/stats/index?id=n3' });
  });

  it('a recalled notice is not corrected', async () => {
    fakeApi({ 'GET /notices/n1': () => ({ status: 200, body: { ...ORIGINAL, status: 'recalled', correctedBy: null } }) });
    render(<CorrectBody me={makeMe({ roles: [role] })} id='n1' />);
    expect(await screen.findByText('这条通知已经撤回，不能更正。如有需要，请重新写一条通知。')).toBeTruthy();
    expect(screen.queryByText('发布更正')).toBeNull();
  });
});
