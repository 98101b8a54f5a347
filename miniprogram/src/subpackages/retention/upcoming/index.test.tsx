import { beforeEach, describe, expect, it } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { UpcomingBody } from './index';

const principal = makeMe({ id: 'u-p', roles: [{ role: 'principal', schoolId: 's1', schoolName: '阳光小学', districtId: null, districtName: null, classIds: [] }] as never });

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('即将删除的案件内容', () => {
  it('lists the school’s coming erasures with Shanghai dates and the held cases; ids and dates only', async () => {
    const api = fakeApi({
      'GET /schools/s1/retention/upcoming': () => ({
        status: 200,
        body: {
          items: [{ tipId: 'aaaaaaaa-1111-2222-3333-444444444444', kind: 'tip_content', kindLabel: '举报内容与照片', dueAt: '2029-12-31T17:00:00.000Z', closedAt: '2026-12-31T17:00:00.000Z' }],
          held: [{ tipId: 'bbbbbbbb-1111-2222-3333-444444444444', setAt: '2027-01-05T02:00:00.000Z' }],
        },
      }),
    });
    render(<UpcomingBody me={principal} />);
    // 2029-12-31 17:00 UTC is 1 January 2030 in Shanghai.
    expect(await screen.findByText('2030-01-01 删除：举报内容与照片')).toBeTruthy();
    expect(screen.getByText('结案于 2027-01-01 案件 aaaaaaaa')).toBeTruthy();
    expect(screen.getByText('案件 bbbbbbbb')).toBeTruthy();
    expect(api.callsTo('GET /schools/s1/retention/upcoming')).toHaveLength(1);
  });

  it('says so when nothing is due', async () => {
    fakeApi({ 'GET /schools/s1/retention/upcoming': () => ({ status: 200, body: { items: [], held: [] } }) });
    render(<UpcomingBody me={principal} />);
    expect(await screen.findByText('没有即将删除的内容。')).toBeTruthy();
  });
});
