import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { TipDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';

jest.mock('@tarojs/components', () => require('../../tips/tips-test-support').componentsWithTextarea());
const { CaseRetention } = require('./case-retention') as typeof import('./case-retention');

const closed = (retention: TipDetail['retention']) => ({ id: 't1', status: 'closed', version: 5, retention }) as unknown as TipDetail;

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('内容保留 on the case page', () => {
  it('shows the erasure day in Shanghai time, and no hold form to whoever may not hold', () => {
    // 2030-03-01 20:00 UTC is 2 March in Shanghai.
    render(<CaseRetention tip={closed({ eraseAt: '2030-03-01T20:00:00.000Z', legalHold: false, erasedAt: null, canHold: false })} onChanged={() => undefined} />);
    expect(screen.getByText('将于 2030-03-02 删除内容')).toBeTruthy();
    expect(screen.queryByText('设置法律保全')).toBeNull();
  });

  it('a principal sets a legal hold with a reason (none: nothing sent); a held case says 法律保全中 and offers to lift it', async () => {
    let changed = 0;
    const api = fakeApi({ 'POST /tips/t1/legal-hold': () => ({ status: 200, body: { eraseAt: null, legalHold: true, erasedAt: null, canHold: true } }) });
    const { unmount } = render(<CaseRetention tip={closed({ eraseAt: '2030-03-01T02:00:00.000Z', legalHold: false, erasedAt: null, canHold: true })} onChanged={() => changed++} />);
    fireEvent.click(screen.getByText('设置法律保全'));
    expect(screen.getByText('请填写原因')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
    fireEvent.change(document.querySelector('textarea')!, { target: { value: '家长已提起诉讼' } });
    fireEvent.click(screen.getByText('设置法律保全'));
    await waitFor(() => expect(changed).toBe(1));
    expect(api.callsTo('POST /tips/t1/legal-hold')[0].body).toEqual({ reason: '家长已提起诉讼' });
    unmount();
    render(<CaseRetention tip={closed({ eraseAt: null, legalHold: true, erasedAt: null, canHold: true })} onChanged={() => undefined} />);
    expect(screen.getByText('法律保全中')).toBeTruthy();
    expect(screen.getByText('解除法律保全')).toBeTruthy();
  });

  it('an erased case says when its content was erased', () => {
    render(<CaseRetention tip={closed({ eraseAt: null, legalHold: false, erasedAt: '2030-03-01T02:00:00.000Z', canHold: true })} onChanged={() => undefined} />);
    expect(screen.getByText('内容已于 2030-03-01 按保留规则删除')).toBeTruthy();
    expect(screen.queryByText('设置法律保全')).toBeNull();
  });
});
