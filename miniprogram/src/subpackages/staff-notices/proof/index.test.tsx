import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { NoticeReceiptProofResponse } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { flipLastHexDigit, receiptProof } from '../../../../../shared/test/fixtures/receipt-proof';
import { extraTaro } from '../../tips/tips-test-support';
import { ProofBody } from './index';
import { proofVerdict } from './proof-view';

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
});

const show = (body: NoticeReceiptProofResponse) => {
  const api = fakeApi({ 'GET /notices/n1/receipts/r1/proof': () => ({ status: 200, body }) });
  render(<ProofBody noticeId='n1' receiptId='r1' />);
  return api;
};

describe('回执证明', () => {
  it('checks a good proof in the app and shows the receipt and the sealing entry in plain Chinese', async () => {
    const good = receiptProof();
    show(good);
    expect(await screen.findByText('已核验：这条回执自封存以来未被改动')).toBeTruthy();
    expect(screen.getByText('《致家长的一封信：携手预防校园欺凌》的回执')).toBeTruthy();
    expect(screen.getByText('三年级1班 王小明的母亲')).toBeTruthy();
    expect(screen.getByText(`${'c'.repeat(8)}…${'c'.repeat(8)}`)).toBeTruthy(); // the content hash, shortened
    // Sealed at 00:15 Shanghai on the next day, entry 42, the chain hash shortened.
    expect(screen.getByText('2031-03-04 00:15')).toBeTruthy();
    expect(screen.getByText('第 42 条')).toBeTruthy();
    expect(screen.getByText(`${good.proof!.auditEntry.hash.slice(0, 8)}…${good.proof!.auditEntry.hash.slice(-8)}`)).toBeTruthy();
    expect(screen.getByText('2031-03-03 当天的回执（共 5 条，这是第 3 条）')).toBeTruthy();
  });

  it('fails when one byte of the leaf changes, whatever the server claims', async () => {
    const good = receiptProof();
    // The server's receipt and leaf document agree, and claim the sealed leaf: only the recomputation finds it out.
    const doc = { ...good.leaf.document, contentHash: flipLastHexDigit(good.leaf.document.contentHash as string) };
    const forged = { ...good, receipt: { ...good.receipt, contentHash: doc.contentHash as string }, leaf: { ...good.leaf, document: doc } };
    show(forged);
    expect(await screen.findByText(/^核验未通过/)).toBeTruthy();
    expect(screen.getByText('回执内容算出的哈希与服务器给出的不一致')).toBeTruthy();
    expect(screen.queryByText('已核验：这条回执自封存以来未被改动')).toBeNull();

    // The same with the leaf hash moved along too: the path no longer leads to the root in the audit entry.
    const hash = flipLastHexDigit(good.leaf.hash);
    const relinked = { ...good, leaf: { ...good.leaf, hash }, proof: { ...good.proof!, leafHash: hash } };
    expect(proofVerdict(relinked).kind).toBe('failed');
  });

  it('a receipt not sealed yet says so and when', async () => {
    show({ ...receiptProof(), sealed: false, proof: null, sealEntry: null, sealsAfter: '2031-03-04T16:15:00.000Z' });
    expect(await screen.findByText('尚未封存（回执在当天结束后批量封存，预计 3月5日 00:15 之后）')).toBeTruthy();
    expect(screen.getByText('还没有封存记录。')).toBeTruthy();
  });

  it('copies the proof as JSON', async () => {
    const taro = extraTaro();
    const good = receiptProof();
    show(good);
    fireEvent.click(await screen.findByText('复制证明 JSON'));
    await waitFor(() => expect(taro.setClipboardData).toHaveBeenCalled());
    expect(JSON.parse((taro.setClipboardData.mock.calls[0][0] as { data: string }).data)).toEqual(good);
  });

  it('a refusal is shown', async () => {
    fakeApi({ 'GET /notices/n1/receipts/r1/proof': () => ({ status: 403, body: { code: 'FORBIDDEN', message: '只能查看自己班级家长的回执' } }) });
    render(<ProofBody noticeId='n1' receiptId='r1' />);
    expect(await screen.findByText('只能查看自己班级家长的回执')).toBeTruthy();
  });
});
