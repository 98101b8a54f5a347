import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { TipDetail, TipRedactionSummary, TipRedactionView } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { extraTaro } from '../../tips/tips-test-support';

jest.mock('@tarojs/components', () => require('../../tips/tips-test-support').componentsWithTextarea());
const { CaseRedaction } = require('./case-redaction') as typeof import('./case-redaction');

const tip = { id: 't1', status: 'new', escalationLevel: 'district' } as TipDetail;
const TEXT = '课间有同学张三打我，电话13812345678';
const summary = (over: Partial<TipRedactionSummary> = {}): TipRedactionSummary => ({
  masked: false, maskCount: 0, reviewed: false, unconfirmedCandidates: 2, escalatedToDistrict: true, canRedact: true, savedAt: null, ...over,
});
const view: TipRedactionView = {
  fields: [{ field: 'description', text: TEXT, candidates: [{ kind: 'name', start: 5, end: 7 }, { kind: 'phone', start: 12, end: 23 }], masks: [] }],
  savedAt: null, savedBy: null,
};

beforeEach(() => {
  resetTaro();
  extraTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

describe('脱敏 on the case page', () => {
  it('prompts the contact on an escalated case with unreviewed proposals (escalation is not held up)', async () => {
    fakeApi({ 'GET /tips/t1/redaction/summary': () => ({ status: 200, body: summary() }) });
    render(<CaseRedaction tip={tip} onChanged={() => undefined} />);
    expect(await screen.findByText('此案已升级至教育局，文字中有 2 处可能的个人信息尚未确认是否隐去。升级不受影响，请尽快确认。')).toBeTruthy();
    expect(screen.queryByText('查看原文')).toBeNull();
  });

  it('shows the proposals highlighted, tap to show one again, save the rest; the page reloads', async () => {
    const onChanged = jest.fn();
    const api = fakeApi({
      'GET /tips/t1/redaction/summary': () => ({ status: 200, body: summary() }),
      'GET /tips/t1/redaction': () => ({ status: 200, body: view }),
      'PUT /tips/t1/redaction': () => ({ status: 200, body: summary({ masked: true, maskCount: 1, reviewed: true, unconfirmedCandidates: 0 }) }),
    });
    render(<CaseRedaction tip={tip} onChanged={onChanged} />);
    fireEvent.click(await screen.findByText('脱敏', { selector: '.open-redaction' }));
    // Every proposal starts hidden.
    expect(await screen.findByText('隐去后：课间有同学【已隐去】打我，电话【已隐去】')).toBeTruthy();
    fireEvent.click(screen.getByText('张三'));
    expect(screen.getByText('隐去后：课间有同学张三打我，电话【已隐去】')).toBeTruthy();
    fireEvent.click(screen.getByText('保存脱敏'));
    await waitFor(() => expect(api.callsTo('PUT /tips/t1/redaction')).toHaveLength(1));
    expect(api.callsTo('PUT /tips/t1/redaction')[0].body).toEqual({ fields: [{ field: 'description', spans: [{ start: 12, end: 23 }] }] });
    expect(await screen.findByText('已隐去 1 处文字：教育局查看、台账导出和其他老师看到的是隐去后的内容。')).toBeTruthy();
    expect(onChanged).toHaveBeenCalled();
  });

  it('hides every occurrence of typed words', async () => {
    const api = fakeApi({
      'GET /tips/t1/redaction/summary': () => ({ status: 200, body: summary() }),
      'GET /tips/t1/redaction': () => ({ status: 200, body: { ...view, fields: [{ ...view.fields[0], candidates: [] }] } }),
      'PUT /tips/t1/redaction': () => ({ status: 200, body: summary({ masked: true, maskCount: 1, reviewed: true, unconfirmedCandidates: 0 }) }),
    });
    render(<CaseRedaction tip={tip} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByText('脱敏', { selector: '.open-redaction' }));
    await screen.findByText(`隐去后：${TEXT}`);
    fireEvent.change(document.querySelector('input.redaction-phrase')!, { target: { value: '课间' } });
    fireEvent.click(screen.getByText('隐去这些文字'));
    expect(screen.getByText('隐去后：【已隐去】有同学张三打我，电话13812345678')).toBeTruthy();
    fireEvent.click(screen.getByText('保存脱敏'));
    await waitFor(() => expect(api.callsTo('PUT /tips/t1/redaction')[0].body).toEqual({ fields: [{ field: 'description', spans: [{ start: 0, end: 2 }] }] }));
  });

  it('查看原文 for the contact of a masked case; others see only that the case is masked', async () => {
    const api = fakeApi({
      'GET /tips/t1/redaction/summary': () => ({ status: 200, body: summary({ masked: true, maskCount: 2, reviewed: true, unconfirmedCandidates: 0 }) }),
      'GET /tips/t1/redaction': () => ({ status: 200, body: view }),
    });
    const { unmount } = render(<CaseRedaction tip={tip} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByText('查看原文'));
    expect(await screen.findByText(TEXT)).toBeTruthy();
    expect(api.callsTo('GET /tips/t1/redaction')).toHaveLength(1);
    unmount();
    fakeApi({ 'GET /tips/t1/redaction/summary': () => ({ status: 200, body: summary({ masked: true, maskCount: 2, reviewed: true, unconfirmedCandidates: 0, canRedact: false }) }) });
    render(<CaseRedaction tip={tip} onChanged={() => undefined} />);
    expect(await screen.findByText('已隐去 2 处文字：教育局查看、台账导出和其他老师看到的是隐去后的内容。')).toBeTruthy();
    expect(screen.queryByText('查看原文')).toBeNull();
    expect(screen.queryByText('脱敏', { selector: '.open-redaction' })).toBeNull();
  });
});
