import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { NO_ACTION_STATEMENT, type TipDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { TriageCard } from './triage-card';

const open = { id: 't1', status: 'new', version: 3, isTest: false, can: { handle: true, named: true }, triage: null } as unknown as TipDetail;

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('分流 on the case page', () => {
  it('offers the triage outcomes from shared; 非欺凌-其他求助 needs where it was referred before anything is sent', async () => {
    let changed = 0;
    const api = fakeApi({ 'POST /tips/t1/triage': (c) => ({ status: 200, body: { tipId: 't1', status: 'closed', version: 4, triage: { outcome: c.body.outcome } } }) });
    render(<TriageCard tip={open} onChanged={() => changed++} />);
    for (const label of ['恶意/虚假举报', '玩笑', '非欺凌-其他求助', '重复']) expect(screen.getByText(label)).toBeTruthy();
    fireEvent.click(screen.getByText('非欺凌-其他求助'));
    fireEvent.click(screen.getByText('结案为「非欺凌-其他求助」'));
    expect(screen.getByText('请写明转介到哪里（例如心理辅导室、社区民警）')).toBeTruthy();
    expect(api.calls).toHaveLength(0);
    fireEvent.change(document.querySelector('input.referred-input')!, { target: { value: '心理辅导室' } });
    fireEvent.click(screen.getByText('结案为「非欺凌-其他求助」'));
    await waitFor(() => expect(changed).toBe(1));
    expect(api.callsTo('POST /tips/t1/triage')[0].body).toEqual({ version: 3, outcome: 'referred', referredTo: '心理辅导室' });
  });

  it('merges into a case picked from the school’s open cases', async () => {
    const api = fakeApi({
      'GET /tips/t1/merge-targets': () => ({ status: 200, body: [{ id: 't9', category: '言语欺凌', status: 'acknowledged', submittedAt: '2026-11-29T04:00:00.000Z' }] }),
      'POST /tips/t1/merge': () => ({ status: 200, body: {} }),
    });
    render(<TriageCard tip={open} onChanged={() => undefined} />);
    fireEvent.click(screen.getByText('重复'));
    fireEvent.click(await screen.findByText('言语欺凌 · 提交于 2026-11-29 12:00'));
    fireEvent.click(screen.getByText('合并为重复'));
    await waitFor(() => expect(api.callsTo('POST /tips/t1/merge')).toHaveLength(1));
    expect(api.callsTo('POST /tips/t1/merge')[0].body).toEqual({ version: 3, primaryTipId: 't9' });
  });

  it('a closed 恶意/虚假 case shows the outcome and the no-action statement, and no choices', () => {
    const closed = { ...open, status: 'closed', triage: { outcome: 'false_report', outcomeLabel: '恶意/虚假举报', mergedIntoId: null, referredTo: null, statement: NO_ACTION_STATEMENT, at: '2026-11-29T04:00:00.000Z' } } as TipDetail;
    render(<TriageCard tip={closed} onChanged={() => undefined} />);
    expect(screen.getByText('分流结果：恶意/虚假举报')).toBeTruthy();
    expect(screen.getByText(NO_ACTION_STATEMENT)).toBeTruthy();
    expect(screen.queryByText('玩笑')).toBeNull();
  });

  it('is not shown to a reader who cannot handle the case', () => {
    const { container } = render(<TriageCard tip={{ ...open, can: { handle: false, named: false } }} onChanged={() => undefined} />);
    expect(container.textContent).toBe('');
  });
});
