import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { clientConfig } from '../../api/client';
import { storage } from '../../api/storage';
import { fakeApi } from '../../../test/fake-api';
import { resetTaro } from '../../../test/stubs/taro';
import { ShareStats } from './share-stats';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('share card figures on the staff side', () => {
  it('shows opens per group (unnamed ones as 未命名的群) and outside groups, and names a group', async () => {
    let name: string | null = null;
    const api = fakeApi({
      'GET /shares/sh1/stats': () => ({
        status: 200,
        body: { shareId: 'sh1', schoolId: 'sch1', kind: 'invite', subjectId: 'inv1', groups: [{ groupId: 'g1', name, opens: 3 }], notFromGroup: 2, total: 5 },
      }),
      'PUT /schools/sch1/groups/g1': (c) => {
        name = c.body.name;
        return { status: 200, body: { id: 'g1', name } };
      },
    });
    render(<ShareStats shareId='sh1' />);
    expect(await screen.findByText('未命名的群：3 次')).toBeTruthy();
    expect(screen.getByText('不是从群里打开：2 次')).toBeTruthy();
    fireEvent.click(screen.getByText('给这个群起名'));
    fireEvent.input(document.querySelector('input.group-name-input')!, { target: { value: ' 三年级1班家长群 ' } });
    fireEvent.click(screen.getByText('保存群名称'));
    expect(await screen.findByText('三年级1班家长群：3 次')).toBeTruthy();
    expect(api.callsTo('PUT /schools/sch1/groups/g1').map((c) => c.body)).toEqual([{ name: '三年级1班家长群' }]);
    await waitFor(() => expect(screen.queryByText('给这个群起名')).toBeNull());
  });
});
