import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CHILD_DATA_CONSENT_VERSION, type GuardianPledgeDetail } from '@anxin/shared';
import { clientConfig } from '../../../api/client';
import { storage } from '../../../api/storage';
import { fakeApi, type Handler } from '../../../../test/fake-api';
import { resetTaro } from '../../../../test/stubs/taro';
import { scrollPage, setMarkerTop } from '../pledges-test-support';

jest.mock('@tarojs/taro', () => require('../pledges-test-support').taroWithPageScroll());
jest.mock('../../../components/SignaturePad', () => require('../pledges-test-support').fakeSignaturePad());
const { PledgeSignBody } = require('./index') as typeof import('./index');

const HASH = '3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3db04d';
const DETAIL: GuardianPledgeDetail = {
  pledgeId: 'p1', schoolYear: '2026-2027', schoolName: '阳光实验小学',
  student: { id: 's1', name: '王小明', className: '三年级1班' },
  deadline: '2026-09-30', versionNumber: 1,
  text: { school: '学校承诺及时处理欺凌。\n\n学校公布举报渠道。', guardian: '家长承诺关注孩子。', student: '我不欺负同学。' },
  textHash: HASH, status: 'to_sign', studentPartRequired: true, childConsentNeeded: false, childConsentVersion: CHILD_DATA_CONSENT_VERSION,
};
const SIGNED = { id: 'sig1', signedOn: '2026-09-03', versionNumber: 1, textHash: HASH };

function api(detail: Partial<GuardianPledgeDetail> = {}, sign: Handler = () => ({ status: 201, body: SIGNED })) {
  return fakeApi({
    'GET /me/pledges/p1': () => ({ status: 200, body: { ...DETAIL, ...detail } }),
    'POST /pledges/p1/signatures': sign,
    'GET /me/pledges': () => ({ status: 200, body: { items: [] } }),
  });
}

/** Reads to the end: the marker comes into the window and the page is scrolled. */
async function readToEnd() {
  setMarkerTop(700);
  act(() => scrollPage());
  return screen.findByText('家长签名：请用手指（电脑上用鼠标）在框内签名');
}

/** Signs on the pad shown now and goes on with `next`. */
function signAndGo(next: string) {
  fireEvent.click(screen.getByText('画一笔'));
  fireEvent.click(screen.getByText(next));
}

beforeEach(() => {
  resetTaro();
  clientConfig.retryDelaysMs = [1, 1];
  storage.setToken('tok');
  setMarkerTop(null);
});

describe('signing a pledge', () => {
  it('opens the signing area only once the text was scrolled to its end', async () => {
    api();
    setMarkerTop(2400); // the end of the text is far below the window
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    expect(await screen.findByText('学校公布举报渠道。')).toBeTruthy();
    expect(screen.getByText('请阅读至末尾后签字')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 400)); // the first check after layout
    act(() => scrollPage());
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByText('画一笔')).toBeNull();
    await readToEnd();
    expect(screen.queryByText('请阅读至末尾后签字')).toBeNull();
    // Scrolling back up does not lock it again.
    setMarkerTop(2400);
    act(() => scrollPage());
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.getByText('画一笔')).toBeTruthy();
  });

  it('a text that fits on the screen is read at once', async () => {
    api();
    setMarkerTop(400);
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    expect(await screen.findByText('家长签名：请用手指（电脑上用鼠标）在框内签名')).toBeTruthy();
  });

  it('guardian, then the child on a fresh pad, then a summary with both signatures, the version and its fingerprint', async () => {
    const calls = api();
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    await screen.findByText('请阅读至末尾后签字');
    await readToEnd();
    expect(screen.getByText('第 1 / 3 步：家长签名')).toBeTruthy();
    // 下一步 waits for ink.
    expect((screen.getByText('下一步：请孩子签名') as HTMLButtonElement).disabled).toBe(true);
    signAndGo('下一步：请孩子签名');

    expect(await screen.findByText('第 2 / 3 步：请孩子签名')).toBeTruthy();
    expect(screen.getByText('请把手机交给王小明，读一读下面的学生承诺，然后在框内写下自己的名字。')).toBeTruthy();
    expect(screen.getByText('我不欺负同学。')).toBeTruthy();
    expect(document.querySelector('.fake-pad')!.getAttribute('data-canvas-id')).toBe('pledge-student-signature');
    expect((screen.getByText('下一步：核对') as HTMLButtonElement).disabled).toBe(true);
    signAndGo('下一步：核对');

    expect(await screen.findByText('第 3 / 3 步：核对并提交')).toBeTruthy();
    const images = Array.from(document.querySelectorAll('.signature-preview')) as HTMLImageElement[];
    expect(images.map((i) => i.getAttribute('src'))).toEqual([
      expect.stringMatching(/^data:image\/png;base64,PNG-pledge-guardian-signature-\d+$/),
      expect.stringMatching(/^data:image\/png;base64,PNG-pledge-student-signature-\d+$/),
    ]);
    expect(screen.getByText('2026-2027 学年 · 第 1 版')).toBeTruthy();
    expect(screen.getByText('3f2a9c1e…b04d')).toBeTruthy();
    fireEvent.click(screen.getByText('3f2a9c1e…b04d'));
    expect(screen.getByText(HASH.match(/.{8}/g)!.join(' '))).toBeTruthy();

    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('✓ 已签署（2026-09-03）')).toBeTruthy();
    const body = calls.callsTo('POST /pledges/p1/signatures')[0].body;
    expect(body).toMatchObject({ studentId: 's1', versionNumber: 1, guardianSignature: expect.stringMatching(/^PNG-pledge-guardian/), studentSignature: expect.stringMatching(/^PNG-pledge-student/) });
    expect(body.clientKey).toMatch(/^[0-9a-f]{32}$/);
    expect(body).not.toHaveProperty('childConsentVersion');
    expect(screen.getByText('查看签署副本')).toBeTruthy();
  });

  it('a grade that does not sign: guardian, then the summary; 上一步 and 重新签名 draw again on a fresh pad', async () => {
    const calls = api({ studentPartRequired: false });
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    await screen.findByText('请阅读至末尾后签字');
    await readToEnd();
    expect(screen.getByText('孩子所在年级无需学生签名，请您与孩子一起阅读学生承诺。')).toBeTruthy();
    signAndGo('下一步：核对');
    expect(await screen.findByText('第 2 / 2 步：核对并提交')).toBeTruthy();
    expect(document.querySelectorAll('.signature-preview')).toHaveLength(1);
    fireEvent.click(screen.getByText('重新签名'));
    expect(await screen.findByText('第 1 / 2 步：家长签名')).toBeTruthy();
    // Read already: the pad is there at once.
    signAndGo('下一步：核对');
    fireEvent.click(await screen.findByText('提交'));
    await screen.findByText('✓ 已签署（2026-09-03）');
    expect(calls.callsTo('POST /pledges/p1/signatures')[0].body).not.toHaveProperty('studentSignature');
  });

  it('a retry after a dropped connection (and a double tap) sends the same key; signing again makes a new one', async () => {
    let answer: 'network-error' | 'ok' = 'network-error';
    const calls = api({ studentPartRequired: false }, () => (answer === 'ok' ? { status: 201, body: SIGNED } : 'network-error'));
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    await screen.findByText('请阅读至末尾后签字');
    await readToEnd();
    signAndGo('下一步：核对');
    fireEvent.click(await screen.findByText('提交'));
    expect(await screen.findByText('网络中断，不确定是否已提交。签名还在，请再点一次「提交」：不会重复签署。')).toBeTruthy();

    // Signed again: another attempt, another key.
    fireEvent.click(screen.getByText('重新签名'));
    signAndGo('下一步：核对');
    fireEvent.click(await screen.findByText('提交'));
    await screen.findByText('网络中断，不确定是否已提交。签名还在，请再点一次「提交」：不会重复签署。');
    // The same request again (a double tap while it is on its way is one request).
    answer = 'ok';
    const submit = screen.getByText('提交');
    fireEvent.click(submit);
    fireEvent.click(submit);
    await screen.findByText('✓ 已签署（2026-09-03）');

    const sent = calls.callsTo('POST /pledges/p1/signatures').map((c) => c.body);
    expect(sent).toHaveLength(3);
    expect(sent[0].clientKey).not.toBe(sent[1].clientKey);
    expect(sent[0].guardianSignature).not.toBe(sent[1].guardianSignature);
    expect(sent[2].clientKey).toBe(sent[1].clientKey);
    expect(sent[2]).toEqual(sent[1]);
  });

  it('asks for the child-data consent inline when it is needed, and sends its version', async () => {
    const calls = api({ studentPartRequired: false, childConsentNeeded: true });
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    await screen.findByText('请阅读至末尾后签字');
    await readToEnd();
    signAndGo('下一步：核对');
    fireEvent.click(await screen.findByText('提交'));
    expect(await screen.findByText('请先勾选同意处理孩子的信息')).toBeTruthy();
    expect(calls.callsTo('POST /pledges/p1/signatures')).toHaveLength(0);
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByText('提交'));
    await screen.findByText('✓ 已签署（2026-09-03）');
    expect(calls.callsTo('POST /pledges/p1/signatures')[0].body.childConsentVersion).toBe(CHILD_DATA_CONSENT_VERSION);
  });

  it('the server asks for the consent the page did not know was needed: it is asked for, then sent', async () => {
    let first = true;
    const calls = api({ studentPartRequired: false }, (c) => {
      if (first) {
        first = false;
        return { status: 422, body: { code: 'CONSENT_REQUIRED', message: '需要监护人同意', details: { consentVersion: CHILD_DATA_CONSENT_VERSION } } };
      }
      return c.body.childConsentVersion ? { status: 201, body: SIGNED } : { status: 422, body: { code: 'CONSENT_REQUIRED', message: '需要监护人同意' } };
    });
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    await screen.findByText('请阅读至末尾后签字');
    await readToEnd();
    signAndGo('下一步：核对');
    expect(screen.queryByRole('checkbox')).toBeNull();
    fireEvent.click(await screen.findByText('提交'));
    expect(await screen.findByText('请先勾选同意处理孩子的信息，再提交。')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByText('提交'));
    await screen.findByText('✓ 已签署（2026-09-03）');
    const sent = calls.callsTo('POST /pledges/p1/signatures').map((x) => x.body);
    expect(sent[1].childConsentVersion).toBe(CHILD_DATA_CONSENT_VERSION);
    // Another request (the consent added): another attempt.
    expect(sent[1].clientKey).not.toBe(sent[0].clientKey);
  });

  it('signing again: what changed, with 新增 and 删除 in words, and the school\'s note', async () => {
    api({
      status: 'resign', signedVersionNumber: 1, versionNumber: 2, changeNote: '补充了上下学路上的约定',
      changes: [
        { op: 'same', text: '学校承诺及时处理欺凌。' },
        { op: 'removed', text: '学校公布举报渠道。' },
        { op: 'added', text: '学校公布举报渠道和负责人电话。' },
      ],
    });
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    expect(await screen.findByText('承诺书已更新，请重新签署')).toBeTruthy();
    expect(screen.getByText('您签署的是第 1 版，现在是第 2 版（新增 1 段，删除 1 段）。')).toBeTruthy();
    expect(screen.getByText('学校的说明：补充了上下学路上的约定')).toBeTruthy();
    const added = screen.getByText('学校公布举报渠道和负责人电话。').closest('.diff-row')!;
    expect(added.className).toBe('diff-row diff-added');
    expect(added.textContent).toBe('新增学校公布举报渠道和负责人电话。');
    const removed = screen.getAllByText('学校公布举报渠道。').map((e) => e.closest('.diff-row')).find((e) => e?.className === 'diff-row diff-removed')!;
    expect(removed.textContent).toBe('删除学校公布举报渠道。');
  });

  it('a newer version published meanwhile: says so and reads the new one', async () => {
    let version = 1;
    fakeApi({
      'GET /me/pledges/p1': () => ({ status: 200, body: { ...DETAIL, studentPartRequired: false, versionNumber: version } }),
      'POST /pledges/p1/signatures': () => ({ status: 409, body: { code: 'PLEDGE_VERSION_STALE', message: '承诺书已更新', details: { versionNumber: 2 } } }),
    });
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    await screen.findByText('请阅读至末尾后签字');
    await readToEnd();
    signAndGo('下一步：核对');
    fireEvent.click(await screen.findByText('提交'));
    expect(await screen.findByText('学校刚刚更新了承诺书，请重新阅读后再签署。')).toBeTruthy();
    version = 2;
    fireEvent.click(screen.getByText('重新阅读最新版本'));
    expect(await screen.findByText('阳光实验小学 · 第 2 版')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('第 1 / 2 步：家长签名')).toBeTruthy());
  });

  it('already signed: the day and the way to the signed copy', async () => {
    api({ status: 'signed', signatureId: 'sig1', signedOn: '2026-09-02' });
    render(<PledgeSignBody pledgeId='p1' studentId='s1' />);
    expect(await screen.findByText('✓ 已签署（2026-09-02）')).toBeTruthy();
    expect(screen.queryByText('请阅读至末尾后签字')).toBeNull();
    fireEvent.click(screen.getByText('查看签署副本'));
    const Taro = (await import('@tarojs/taro')).default as any;
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/subpackages/pledges/copy/index?id=p1&sid=sig1' });
  });
});
