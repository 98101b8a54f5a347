import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { GuardianPledgeListItem } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { guardianPledgesStore } from '../../../state/guardian-pledges';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { PledgeListBody } from './index';

const child = { bindingId: 'b1', studentId: 's1', studentName: '王小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班', relation: 'mother' as const, status: 'approved' as const, rejectReason: null };
const item = (over: Partial<GuardianPledgeListItem>): GuardianPledgeListItem => ({
  pledgeId: 'p1', schoolYear: '2026-2027', schoolName: '阳光实验小学', student: { id: 's1', name: '王小明', className: '三年级1班' },
  deadline: '2026-09-30', versionNumber: 2, status: 'to_sign', studentPartRequired: true, ...over,
});

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('承诺书 (guardians)', () => {
  it('one row per child: to sign, to sign again, signed; signed opens the copy, the others the signing page', async () => {
    fakeApi({
      'GET /me/pledges': () => ({
        status: 200,
        body: { items: [
          item({}),
          item({ student: { id: 's2', name: '王小红', className: '一年级2班' }, status: 'resign', signatureId: 'old', studentPartRequired: false }),
          item({ student: { id: 's3', name: '王小刚', className: '五年级1班' }, status: 'signed', signatureId: 'sig3' }),
        ] },
      }),
    });
    render(<PledgeListBody me={makeMe({ students: [child] })} />);
    expect(await screen.findByText('还有 2 份待签署')).toBeTruthy();
    expect(screen.getByText('待签署')).toBeTruthy();
    expect(screen.getByText('需重新签署')).toBeTruthy();
    expect(screen.getByText('已签署')).toBeTruthy();
    expect(guardianPledgesStore.get()).toHaveLength(3);
    fireEvent.click(screen.getByText('王小刚（五年级1班）'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/pledges/copy/index?id=p1&sid=sig3' });
    fireEvent.click(screen.getByText('王小红（一年级2班）'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/pledges/sign/index?id=p1&studentId=s2' });
  });

  it('without a bound child: nothing is asked of the server, and the way to bind one', async () => {
    const api = fakeApi({});
    render(<PledgeListBody me={makeMe()} />);
    expect(await screen.findByText('绑定孩子后，学校发布的承诺书会出现在这里。')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });
});
