import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { MeStudent } from '@anxin/shared';
import { clientConfig } from '../api/client';
import { storage } from '../api/storage';
import { fakeApi } from '../../test/fake-api';
import { resetTaro } from '../../test/stubs/taro';
import { ChildrenList } from './ChildrenList';

const student = (status: MeStudent['status']): MeStudent => ({
  bindingId: `b-${status}`, studentId: 's1', studentName: '小明', schoolId: 'sch1', schoolName: '阳光实验小学', classId: 'c1', className: '三年级1班',
  relation: 'mother', status, rejectReason: null,
});
const CATALOGUE = [
  { kind: 'notice.published', templateId: 't-notice', mode: 'one_time', audiences: ['guardian'], description: '学校发布新通知时，通过微信提醒我' },
  { kind: 'binding.decided', templateId: 't-binding', mode: 'one_time', audiences: ['guardian'], description: '绑定结果提醒' },
];

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  clientConfig.platform = 'h5';
  storage.setToken('tok');
});

describe('guardian: 下次通知提醒我 once a binding is approved', () => {
  it('is not offered while the binding waits for approval', () => {
    const api = fakeApi({});
    render(<ChildrenList students={[student('pending')]} />);
    expect(screen.queryByText('下次通知提醒我')).toBeNull();
    expect(api.calls).toHaveLength(0);
  });

  it('after approval: says notices reach only 消息, asks in the tap, shows the alert count', async () => {
    const api = fakeApi({
      'GET /wechat/templates': () => ({ status: 200, body: CATALOGUE }),
      'GET /me/subscriptions': () => ({ status: 200, body: [] }),
      'POST /me/subscriptions': () => ({ status: 201, body: [{ kind: 'notice.published', templateId: 't-notice', mode: 'one_time', on: true, longTerm: false, credits: 1, lastStatus: 'accept' }] }),
    });
    render(<ChildrenList students={[student('approved')]} />);
    expect(await screen.findByText('学校发通知时，微信默认不会提醒您，只能在「消息」里看到。')).toBeTruthy();
    await waitFor(() => expect((screen.getByText('下次通知提醒我') as HTMLButtonElement).disabled).toBe(false)); // the catalogue arrived
    fireEvent.click(screen.getByText('下次通知提醒我'));
    expect(await screen.findByText('学校发通知时微信会提醒您（还可提醒 1 次）。')).toBeTruthy();
    expect(api.callsTo('POST /me/subscriptions')[0].body.results.map((r: any) => r.templateId)).toEqual(['t-notice', 't-binding']);
  });
});
