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
      'GET /notices/n2/attachments': () => ({ status: 200, body: [] }),
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
      title: '期中家长会通知', confirmMode: 'confirm', note: '时间由周五改为周六', keepAttachmentIds: [],
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '家长会改在本周六上午九点。' }] }] },
    });
    expect(taro.redirectTo.mock.calls[0][0]).toEqual({ url: '/subpackages/staff-notices/stats/index?id=n3' });
  });

  it('lists the original\'s files ticked; the body keeps its picture; an unticked PDF is left out of keepAttachmentIds', async () => {
    const taro = extraTaro();
    const POSTER_ID = '5b0c6f4e-3d1a-4c8e-9f2b-7a6d5e4c3b21';
    const PLAN_ID = '8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b190';
    const POSTER = { id: POSTER_ID, kind: 'image', mime: 'image/jpeg', label: '海报.jpg', size: 204_800, width: 800, height: 600, sha256: 'a'.repeat(64) };
    const PLAN = { id: PLAN_ID, kind: 'pdf', mime: 'application/pdf', label: '活动安排.pdf', size: 1_572_864, width: null, height: null, sha256: 'b'.repeat(64) };
    const withPicture = {
      ...ORIGINAL, correctedBy: null,
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '开放日安排见海报。' }] }, { type: 'image', attachmentId: POSTER_ID, caption: '活动海报' }] },
    };
    const api = fakeApi({
      'GET /notices/n1': () => ({ status: 200, body: withPicture }),
      'GET /notices/n1/attachments': () => ({ status: 200, body: [POSTER, PLAN] }),
      'POST /notices/n1/corrections': () => ({ status: 201, body: { ...withPicture, id: 'n3' } }),
    });
    render(<CorrectBody me={makeMe({ roles: [role] })} id='n1' />);
    expect(await screen.findByText('海报.jpg')).toBeTruthy();
    expect(screen.getByText('活动安排.pdf')).toBeTruthy();
    const box = (label: string) => screen.getByText(label).closest('.kept-attachment')!;
    expect(box('海报.jpg').getAttribute('aria-checked')).toBe('true');
    expect(box('活动安排.pdf').getAttribute('aria-checked')).toBe('true');
    // The body editor keeps the picture block, with its caption.
    expect((document.querySelector('.caption-input') as HTMLInputElement).value).toBe('活动海报');

    // A picture the body shows stays ticked, and says why.
    fireEvent.click(box('海报.jpg'));
    expect(taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '正文中还在显示这张图片，请先从正文中删除它' }));
    expect(box('海报.jpg').getAttribute('aria-checked')).toBe('true');
    fireEvent.click(box('活动安排.pdf'));
    expect(box('活动安排.pdf').getAttribute('aria-checked')).toBe('false');

    fireEvent.change(document.querySelector('.correction-note')!, { target: { value: '不再附活动安排' } });
    fireEvent.click(screen.getByText('发布更正'));
    await waitFor(() => expect(taro.redirectTo).toHaveBeenCalled());
    expect(api.callsTo('POST /notices/n1/corrections')[0].body).toMatchObject({
      keepAttachmentIds: [POSTER_ID],
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '开放日安排见海报。' }] }, { type: 'image', attachmentId: POSTER_ID, caption: '活动海报' }] },
    });
  });

  it('a recalled notice is not corrected', async () => {
    fakeApi({ 'GET /notices/n1': () => ({ status: 200, body: { ...ORIGINAL, status: 'recalled', correctedBy: null } }) });
    render(<CorrectBody me={makeMe({ roles: [role] })} id='n1' />);
    expect(await screen.findByText('这条通知已经撤回，不能更正。如有需要，请重新写一条通知。')).toBeTruthy();
    expect(screen.queryByText('发布更正')).toBeNull();
  });
});
