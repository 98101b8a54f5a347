import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { NoticeStaffDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { CorrectionLinks } from './correction-links';
import { ReviewPanel } from './review-panel';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });
const MARKED = {
  id: 'n1', title: '期中家长会通知', status: 'published', kind: 'notice', contentCheck: 'review', needsPrincipalReview: true, review: null,
  canManage: true, correctionOf: null, correctionNote: null, correctedBy: null,
} as unknown as NoticeStaffDetail;

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe("the principal's review mark, for staff", () => {
  it('the principal keeps it (the mark goes) or must give a reason to recall it', async () => {
    const api = fakeApi({
      'POST /notices/n1/review': (c) => ({
        status: 200,
        body: { ...MARKED, needsPrincipalReview: false, review: { decision: c.body.decision, note: c.body.note ?? null, by: { id: 'u1', name: '孙校长' }, at: '2031-03-03T03:00:00.000Z' } },
      }),
    });
    const onChanged = jest.fn();
    render(<ReviewPanel me={makeMe({ roles: [role('principal')] })} notice={MARKED} onChanged={onChanged} />);
    expect(screen.getByText(/请您查看内容是否妥当/)).toBeTruthy();
    fireEvent.click(screen.getByText('撤回通知'));
    expect(await screen.findByText('撤回时请填写原因，家长会看到这段话')).toBeTruthy();
    expect(api.callsTo('POST /notices/n1/review')).toHaveLength(0);
    fireEvent.change(document.querySelector('.review-note')!, { target: { value: '内容无误' } });
    fireEvent.click(screen.getByText('内容妥当，保留'));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.callsTo('POST /notices/n1/review')[0].body).toEqual({ decision: 'keep', note: '内容无误' });
    const changed = onChanged.mock.calls[0][0] as NoticeStaffDetail;
    expect(changed.review?.decision).toBe('keep');
    // What was decided, afterwards.
    render(<ReviewPanel me={makeMe({ roles: [role('principal')] })} notice={changed} onChanged={onChanged} />);
    expect(screen.getByText('校长已查看，保留（孙校长，2031-03-03 11:00）')).toBeTruthy();
  });

  it('a teacher or admin sees that it waits for the principal, with no buttons', () => {
    render(<ReviewPanel me={makeMe({ roles: [role('admin')] })} notice={MARKED} onChanged={() => undefined} />);
    expect(screen.getByText(/等待校长查看/)).toBeTruthy();
    expect(screen.queryByText('内容妥当，保留')).toBeNull();
  });

  it('a notice without the mark shows nothing', () => {
    const { container } = render(<ReviewPanel me={makeMe({ roles: [role('principal')] })} notice={{ ...MARKED, needsPrincipalReview: false }} onChanged={() => undefined} />);
    expect(container.textContent).toBe('');
  });
});

describe('corrections, for staff', () => {
  it('a published notice offers 发布更正; a corrected one leads to its correction instead', () => {
    const { unmount } = render(<CorrectionLinks notice={MARKED} />);
    fireEvent.click(screen.getByText('发布更正'));
    expect((Taro.navigateTo as any).mock.calls[0][0]).toEqual({ url: '/subpackages/staff-notices/correct/index?id=n1' });
    unmount();
    render(<CorrectionLinks notice={{ ...MARKED, correctedBy: { id: 'n2', title: '【更正】期中家长会通知' } }} />);
    expect(screen.queryByText('发布更正')).toBeNull();
    expect(screen.getByText(/已更正/)).toBeTruthy();
    fireEvent.click(screen.getByText('查看《【更正】期中家长会通知》'));
    expect((Taro.navigateTo as any).mock.calls[1][0]).toEqual({ url: '/subpackages/staff-notices/stats/index?id=n2' });
  });

  it('a correction names what it corrects and what changed', () => {
    render(<CorrectionLinks notice={{ ...MARKED, canManage: false, correctionOf: { id: 'n0', title: '期中家长会通知' }, correctionNote: '时间改为周六' }} />);
    expect(screen.getByText('这是对《期中家长会通知》的更正。')).toBeTruthy();
    expect(screen.getByText('更正说明：时间改为周六')).toBeTruthy();
    expect(screen.queryByText('发布更正')).toBeNull();
  });
});
