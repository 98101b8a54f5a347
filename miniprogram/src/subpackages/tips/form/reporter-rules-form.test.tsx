import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { REPORTER_RULES } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, makeMe } from '../../../../test/fake-api';
import { resetTaro, routerParams } from '../../../../test/stubs/taro';
import { extraTaro } from '../tips-test-support';
import { takeReceipt } from '../receipt';

jest.mock('@tarojs/components', () => require('../tips-test-support').componentsWithTextarea());
const { TipFormBody } = require('./index') as typeof import('./index');

const me = makeMe({ displayName: '小明同学' });
const RECEIPT = { receipt: '1234567812345678', status: 'new', submittedAt: '2026-11-29T04:00:00.000Z', replayed: false };
let t: ReturnType<typeof extraTaro>;

beforeEach(() => {
  resetTaro();
  t = extraTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  takeReceipt();
});

describe('the tip form and the rules card', () => {
  it('shows the rules before the first report, without blocking the submit button', async () => {
    routerParams.current = { schoolId: 'sch1', schoolName: encodeURIComponent('阳光实验小学') };
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    expect(screen.getByText(REPORTER_RULES.title)).toBeTruthy();
    fireEvent.click(screen.getByText('言语欺凌'));
    fireEvent.change(document.querySelector('textarea.desc-input')!, { target: { value: '他们叫我外号' } });
    fireEvent.click(screen.getByText('已经停止了'));
    fireEvent.click(screen.getByText('我是被欺凌的同学'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(api.callsTo('POST /tips')).toHaveLength(1));
  });

  it('a reporter in danger (我现在有危险) never sees the card: nothing stands between them and sending', async () => {
    routerParams.current = { schoolId: 'sch1', schoolName: encodeURIComponent('阳光实验小学'), inDanger: '1' };
    const api = fakeApi({ 'POST /tips': () => ({ status: 201, body: RECEIPT }) });
    render(<TipFormBody me={me} />);
    expect(screen.queryByText(REPORTER_RULES.title)).toBeNull();
    fireEvent.click(screen.getByText('言语欺凌'));
    fireEvent.change(document.querySelector('textarea.desc-input')!, { target: { value: '他们现在堵着我' } });
    fireEvent.click(screen.getByText('我是被欺凌的同学'));
    fireEvent.click(screen.getByText('还在发生'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(t.redirectTo).toHaveBeenCalled());
    expect(api.callsTo('POST /tips')[0].body.inDanger).toBe(true);
  });
});
