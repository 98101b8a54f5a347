import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { PledgeClassSignaturesResponse, PledgeMissingResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { ClassMissing, canRemindNow } from './class-missing';

const NOW = new Date('2026-09-10T02:00:00.000Z'); // 10:00 in Shanghai
const MISSING: PledgeMissingResponse = {
  classId: 'c1', className: '三年级1班', lastRemindedAt: null, nextRemindAt: null,
  entries: [
    { studentId: 's1', studentName: '李华', guardians: [{ relation: 'mother', relationLabel: '母亲', signed: false }], missing: ['guardian', 'student'] },
    { studentId: 's2', studentName: '王小明', guardians: [{ relation: 'mother', relationLabel: '母亲', signed: true }, { relation: 'father', relationLabel: '父亲', signed: false }], missing: ['resign'] },
    { studentId: 's3', studentName: '张三', guardians: [], missing: ['guardian'] },
  ],
};

const SIGNED: PledgeClassSignaturesResponse = {
  classId: 'c1', className: '三年级1班', currentVersion: 2,
  signatures: [
    { signatureId: 'sig1', studentId: 's4', studentName: '刘思彤', relation: 'mother', relationLabel: '母亲', signedOn: '2026-09-03', versionNumber: 2, studentSigned: true, superseded: false },
    { signatureId: 'sig2', studentId: 's2', studentName: '王小明', relation: 'mother', relationLabel: '母亲', signedOn: '2026-09-01', versionNumber: 1, studentSigned: false, superseded: true },
  ],
};
const signedRoute = { 'GET /pledges/p1/classes/c1/signatures': () => ({ status: 200, body: SIGNED }) };

const fetchMock = jest.fn<typeof fetch>();
const clicks: Array<{ href: string; download: string }> = [];

beforeEach(() => {
  resetTaro();
  fetchMock.mockReset();
  clicks.length = 0;
  (globalThis as any).fetch = fetchMock;
  (URL as any).createObjectURL = jest.fn(() => 'blob:pdf');
  (URL as any).revokeObjectURL = jest.fn();
  jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ href: this.href, download: this.download });
  });
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('a class\'s missing list', () => {
  it('each child not done, their guardians by relation and what is missing', async () => {
    fakeApi({ ...signedRoute, 'GET /pledges/p1/classes/c1/missing': () => ({ status: 200, body: MISSING }) });
    render(<ClassMissing pledgeId='p1' classId='c1' className='三年级1班' canRemind={false} onChanged={() => undefined} now={() => NOW} />);
    expect(await screen.findByText('还没有完成的孩子（3）')).toBeTruthy();
    expect(screen.getByText('家长：母亲')).toBeTruthy();
    expect(screen.getByText('家长未签、学生未签')).toBeTruthy();
    expect(screen.getByText('家长：母亲（已签）、父亲')).toBeTruthy();
    expect(screen.getByText('需重新签署')).toBeTruthy();
    expect(screen.getByText('家长：还没有家长绑定')).toBeTruthy();
    expect(screen.queryByText(/一键提醒/)).toBeNull();
  });

  it('一键提醒, then the button is off and the page says when it can be used again', async () => {
    let reminded = false;
    const api = fakeApi({
      ...signedRoute,
      'GET /pledges/p1/classes/c1/missing': () => ({
        status: 200,
        body: reminded ? { ...MISSING, lastRemindedAt: NOW.toISOString(), nextRemindAt: '2026-09-11T02:00:00.000Z' } : MISSING,
      }),
      'POST /pledges/p1/classes/c1/remind': () => {
        reminded = true;
        return { status: 200, body: { reminded: 3, nextRemindAt: '2026-09-11T02:00:00.000Z' } };
      },
    });
    let changed = 0;
    render(<ClassMissing pledgeId='p1' classId='c1' className='三年级1班' canRemind onChanged={() => changed++} now={() => NOW} />);
    const button = await screen.findByText('一键提醒这 3 个孩子的家长');
    expect(screen.getByText(/现在可以提醒。/)).toBeTruthy();
    fireEvent.click(button);
    expect(await screen.findByText('已提醒 3 位家长。')).toBeTruthy();
    expect(await screen.findByText('每个班 24 小时内只能提醒一次。上次提醒：2026-09-10 10:00。2026-09-11 10:00 后可再次提醒。')).toBeTruthy();
    expect((screen.getByText('一键提醒这 3 个孩子的家长') as HTMLButtonElement).disabled).toBe(true);
    expect(api.callsTo('POST /pledges/p1/classes/c1/remind')).toHaveLength(1);
    expect(changed).toBe(1);
  });

  it('refused as too soon: the server\'s time to wait is shown', async () => {
    fakeApi({
      ...signedRoute,
      'GET /pledges/p1/classes/c1/missing': () => ({ status: 200, body: MISSING }),
      'POST /pledges/p1/classes/c1/remind': () => ({ status: 429, body: { code: 'PLEDGE_REMIND_TOO_SOON', message: '这个班 24 小时内已经提醒过', details: { nextRemindAt: '2026-09-11T02:00:00.000Z' } } }),
    });
    render(<ClassMissing pledgeId='p1' classId='c1' className='三年级1班' canRemind onChanged={() => undefined} now={() => NOW} />);
    fireEvent.click(await screen.findByText('一键提醒这 3 个孩子的家长'));
    expect(await screen.findByText('这个班 24 小时内已经提醒过（2026-09-11 10:00 后可再次提醒）')).toBeTruthy();
  });

  it('each signed child with 查看PDF: the staff PDF fetched with the session under the child\'s name', async () => {
    fakeApi({ ...signedRoute, 'GET /pledges/p1/classes/c1/missing': () => ({ status: 200, body: MISSING }) });
    fetchMock.mockResolvedValue({ ok: true, status: 200, blob: async () => new Blob(['%PDF-1.4']), text: async () => '' } as unknown as Response);
    render(<ClassMissing pledgeId='p1' classId='c1' className='三年级1班' canRemind={false} onChanged={() => undefined} now={() => NOW} />);
    expect(await screen.findByText('已签署（2）')).toBeTruthy();
    expect(screen.getByText('母亲签署 · 2026-09-03 · 第 2 版 · 学生已签')).toBeTruthy();
    expect(screen.getByText('母亲签署 · 2026-09-01 · 第 1 版 · 需重新签署')).toBeTruthy();
    fireEvent.click(screen.getAllByText('查看PDF')[0]);
    await waitFor(() => expect(clicks).toEqual([{ href: 'blob:pdf', download: '刘思彤-第2版承诺书.pdf' }]));
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/pledges/p1/signatures/sig1.pdf', { headers: { Authorization: 'Bearer tok' } });
  });

  it('核验 asks the server to verify one signature and says what it found', async () => {
    const answer = (over: object) => ({
      signatureId: 'sig1', versionNumber: 2, textHash: 'ab12cd34'.repeat(8), recomputedTextHash: 'ab12cd34'.repeat(8), textHashMatches: true,
      leafHash: 'f'.repeat(64), sealed: true, proof: null, sealsAfter: null, ok: true, ...over,
    });
    const answers = [answer({}), answer({ sealed: false, ok: false })];
    fakeApi({
      ...signedRoute, 'GET /pledges/p1/classes/c1/missing': () => ({ status: 200, body: MISSING }),
      'GET /pledges/p1/signatures/sig1/verify': () => ({ status: 200, body: answers[0] }),
      'GET /pledges/p1/signatures/sig2/verify': () => ({ status: 200, body: answers[1] }),
    });
    render(<ClassMissing pledgeId='p1' classId='c1' className='三年级1班' canRemind={false} onChanged={() => undefined} now={() => NOW} />);
    expect(await screen.findByText('已签署（2）')).toBeTruthy();
    fireEvent.click(screen.getAllByText('核验')[0]);
    expect(await screen.findByText('核验通过：文本指纹 ab12cd34… 一致，签署记录已封存在审计链中')).toBeTruthy();
    fireEvent.click(screen.getAllByText('核验')[1]);
    expect(await screen.findByText('核验未通过：签署记录与审计链中封存的不一致')).toBeTruthy();
  });

  it('the reminder is ready again once its time has passed', () => {
    expect(canRemindNow(null, NOW)).toBe(true);
    expect(canRemindNow('2026-09-10T01:59:59.000Z', NOW)).toBe(true);
    expect(canRemindNow('2026-09-10T02:00:01.000Z', NOW)).toBe(false);
  });
});
