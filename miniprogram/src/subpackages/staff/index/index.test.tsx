import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { StaffHomeBody } from './index';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

const role = (r: string) => ({ role: r as any, schoolId: 'sch1', schoolName: '阳光实验小学', districtId: null, districtName: null, classIds: [] });

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('staff home: delivery health', () => {
  it('shows the admin the open delivery problems, and leads to the delivery page', async () => {
    fakeApi({
      'GET /schools/sch1/delivery-alerts': () => ({ status: 200, body: { total: 2, items: [
        { id: 'a1', kind: 'delivery.failed', title: '消息未送达：新的欺凌举报', body: '用户拒收（43101），已改发校长', subjectType: 'outbox', subjectId: 'o1', createdAt: '2026-11-29T02:00:00.000Z', resolvedAt: null },
        { id: 'a2', kind: 'delivery.undelivered', title: '已处理', body: '', subjectType: null, subjectId: null, createdAt: '2026-11-28T02:00:00.000Z', resolvedAt: '2026-11-28T03:00:00.000Z' },
      ] } }),
    });
    render(<StaffHomeBody me={makeMe({ roles: [role('admin')] })} />);
    expect(await screen.findByText('有 1 个送达问题未解决：')).toBeTruthy();
    expect(screen.getByText('消息未送达：新的欺凌举报')).toBeTruthy();
    expect(screen.queryByText('已处理')).toBeNull(); // resolved alerts are not shown
    fireEvent.click(screen.getByText('查看各类消息的送达情况'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/staff/delivery/index' }));
  });

  it('says all is well when nothing is pending, and is not shown to staff who do not manage the school', async () => {
    const api = fakeApi({ 'GET /schools/sch1/delivery-alerts': () => ({ status: 200, body: { total: 0, items: [] } }) });
    const { unmount } = render(<StaffHomeBody me={makeMe({ roles: [role('principal')] })} />);
    expect(await screen.findByText('目前没有未解决的送达问题。')).toBeTruthy();
    unmount();
    render(<StaffHomeBody me={makeMe({ roles: [role('teacher')] })} />);
    expect(screen.queryByText('消息送达')).toBeNull();
    expect(api.callsTo('GET /schools/sch1/delivery-alerts')).toHaveLength(1);
  });
});
