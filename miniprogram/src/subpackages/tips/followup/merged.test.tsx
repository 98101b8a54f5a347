import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';
import { MERGED_NOTE } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { extraTaro } from '../tips-test-support';

jest.mock('@tarojs/components', () => require('../tips-test-support').componentsWithTextarea());
const { TipFollowupBody } = require('./index') as typeof import('./index');

const thread = (mergedNote: string | null) => ({
  status: 'investigating', statusLabel: '调查中', category: 'verbal', submittedAt: '2026-11-29T04:00:00.000Z',
  acknowledgedAt: '2026-11-29T05:00:00.000Z', closedAt: null, reopenedAt: null, outcome: null, messages: [], trail: [], mergedNote,
});

beforeEach(() => {
  resetTaro();
  extraTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('session-token');
  routerParams.current = { schoolId: 'sch1' };
});

async function open(body: ReturnType<typeof thread>) {
  fakeApi({
    'POST /tips/followup': () => ({ status: 201, body: { token: 'fu-token-abcdefghijklmnopqrstuvwxyz', expiresAt: '2026-11-29T06:00:00.000Z' } }),
    'GET /tips/followup/thread': () => ({ status: 200, body }),
  });
  render(<TipFollowupBody />);
  fireEvent.change(document.querySelector('input.receipt-input')!, { target: { value: '1234567812345678' } });
  fireEvent.click(screen.getByText('查看'));
  expect(await screen.findByText('调查中')).toBeTruthy();
}

describe('a report merged into another (重复)', () => {
  it('says so beside the merged case’s status', async () => {
    await open(thread(MERGED_NOTE));
    expect(screen.getByText(MERGED_NOTE)).toBeTruthy();
  });

  it('says nothing of a merge on an ordinary case', async () => {
    await open(thread(null));
    expect(screen.queryByText(MERGED_NOTE)).toBeNull();
  });
});
