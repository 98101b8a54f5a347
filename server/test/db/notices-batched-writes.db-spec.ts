import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { NoticeContentCheck } from '../../src/features/notices/notice-content-check';
import { ReceiptTallies } from '../../src/features/notices/notice-receipt-tallies';
import { NoticeCounters } from '../../src/features/notices/notice-counts';
import { receiptLeaves } from '../../src/features/notices/notice-receipt-seal';
import { NoticeReceiptEntity } from '../../src/features/notices/notice-receipt.entity';
import { NoticeSignatureEntity } from '../../src/features/notices/notice-signature.entity';
import { statementLog, type StatementLog } from '../support/statement-log';
import { TestApp } from '../support/test-app';
import { draft, families, fanOut, SCHOOL_MORNING, signaturePng, type TestGuardian } from './notices-helpers';

const GUARDIANS = 24;

/**
 * Guardians confirming, signing and answering at the same moment are served in batches (one transaction for the
 * requests that arrive together): each still gets their own answer — one guardian's second answer is refused while the
 * others are recorded — every receipt, seal leaf and class count comes out as if they had come one by one, and the
 * database sees far fewer statements than one request at a time would make.
 */
describe('notices: guardians writing at once are served in batches', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const g: TestGuardian[] = [];
  let log: StatementLog;

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING);
    ids = await t.seedDemo();
    g.push(...(await families(t, ids.a.schoolId, ids.a.classIds, GUARDIANS)).map((f) => f.guardian));
    log = statementLog(t.ds);
  });
  afterAll(() => t?.stop());

  async function publish(over: Parameters<typeof draft>[0]): Promise<string> {
    const principal = await t.login('principal', 'a');
    const created = await t.request('POST', `/schools/${ids.a.schoolId}/notices`, { token: principal, body: draft(over) });
    expect(created.status).toBe(201);
    jest.spyOn(t.get(NoticeContentCheck), 'check').mockResolvedValue({ suggest: 'pass', label: 100 });
    expect((await t.request('POST', `/notices/${created.body.id}/publish`, { token: principal, body: {} })).status).toBe(200);
    jest.restoreAllMocks();
    await fanOut(t);
    return created.body.id;
  }

  /** The stored leaf of each receipt is the leaf recomputed from the receipt as it is now, and the counts equal a recount. */
  async function expectSealedAndCounted(noticeId: string): Promise<void> {
    await t.get(ReceiptTallies).flush(); // what the tallies' timer does GATHER_MS after the requests
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } });
    const expected = await receiptLeaves(t.ds.manager, receipts.map((r) => r.id));
    const stored: { record_id: string; leaf_hash: string; day: string }[] = await t.ds.query(
      `SELECT record_id, leaf_hash, day FROM audit_seal_leaves WHERE kind = 'notice.receipt' AND record_id IN (${receipts.map(() => '?').join(', ')}) ORDER BY day`,
      receipts.map((r) => r.id),
    );
    const newest = new Map(stored.map((s) => [s.record_id, s.leaf_hash]));
    for (const r of receipts) expect(newest.get(r.id)).toBe(expected.get(r.id)!.hash);
    const counters = t.get(NoticeCounters);
    const classes = [...new Set((await t.ds.query('SELECT class_id FROM notice_receipt_students WHERE notice_id = ?', [noticeId])).map((x: { class_id: string }) => x.class_id))] as string[];
    const stored2 = await counters.read(t.ds.manager, noticeId, classes, 2);
    const recount = await counters.fromReceipts(t.ds.manager, noticeId, classes, 2);
    expect(stored2.totals).toEqual(recount.totals);
    for (const c of classes) expect(stored2.byClass.get(c)).toEqual(recount.byClass.get(c));
  }

  it('answers and confirmations at once: each guardian recorded once, a second answer refused, fewer statements than one by one', async () => {
    const noticeId = await publish({ audience: { scope: 'school' }, question: { kind: 'single', prompt: '能参加吗？', options: ['能', '不能'] } });
    // One request alone, for the statements one request makes.
    log.start();
    const alone = await t.request('POST', `/notices/${noticeId}/ack`, { token: g[0].token, body: { answer: { choices: [0] }, confirm: true } });
    const perRequest = log.stop().length;
    expect(alone.status).toBe(200);
    log.start();
    const at = await Promise.all([
      ...g.slice(1).map((x, i) => t.request('POST', `/notices/${noticeId}/ack`, { token: x.token, body: { answer: { choices: [i % 2] }, confirm: true } })),
      // The same guardian twice in the same moment: one answer is kept, the other refused by the receipt as it then is.
      t.request('POST', `/notices/${noticeId}/ack`, { token: g[1].token, body: { answer: { choices: [1] } } }),
    ]);
    const together = log.stop().length;
    // at[i] is g[i + 1]'s request; at[0] and the last are both g[1]'s.
    const pair = [at[0], at[GUARDIANS - 1]];
    expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(pair.find((r) => r.status === 409)!.body.code).toBe('NOTICE_ALREADY_ANSWERED');
    for (const [i, r] of at.slice(1, GUARDIANS - 1).entries()) {
      expect(r.status).toBe(200);
      // Each answer is the caller's own receipt, with their own choice (and no more than the receipt: the notice is not sent again).
      expect(r.body.receipt).toMatchObject({ acknowledgedOn: '2031-03-03', answer: { choices: [(i + 1) % 2] } });
      expect(Object.keys(r.body).sort()).toEqual(['pending', 'receipt']);
    }
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } });
    const mine = receipts.filter((r) => g.some((x) => x.userId === r.guardianUserId));
    expect(mine.every((r) => r.acknowledgedOn === '2031-03-03' && r.confirmedOn === '2031-03-03' && r.readOn === '2031-03-03')).toBe(true);
    // One by one they would have made GUARDIANS × perRequest statements; together well under half of that.
    process.stdout.write(`one request: ${perRequest} statements; ${GUARDIANS} at once: ${together}\n`);
    expect(together).toBeLessThan((GUARDIANS * perRequest) / 2);
    await expectSealedAndCounted(noticeId);
  });

  it('the batch\'s UPDATE writes only what changed: one day for all, the answers per receipt, an earlier opening kept', async () => {
    const noticeId = await publish({ audience: { scope: 'school' }, question: { kind: 'single', prompt: '能参加吗？', options: ['能', '不能'] } });
    // g[0] opens the notice this morning; tomorrow all of them answer and confirm at once.
    expect((await t.request('GET', `/me/notices/${noticeId}`, { token: g[0].token })).status).toBe(200);
    t.clock.set(new Date(SCHOOL_MORNING.getTime() + 86_400_000));
    try {
      log.start();
      // g[0] in the middle, so that it shares a batch (the first request is served alone) with guardians opening today.
      const order = [...g.keys()].map((i) => (i + GUARDIANS / 2) % GUARDIANS);
      const at = await Promise.all(order.map((i) => t.request('POST', `/notices/${noticeId}/ack`, { token: g[i].token, body: { answer: { choices: [i % 2] }, confirm: true } })));
      const updates = log.stop().filter((sql) => /^UPDATE [`"]?notice_receipts\b/.test(sql) && !/SET tallied/.test(sql)); // not the tallies that follow
      expect(at.map((r) => r.status)).toEqual(Array(GUARDIANS).fill(200));
      expect(updates.length).toBeGreaterThan(0);
      for (const sql of updates) {
        // Nobody signed or wrote an answer: those columns are not written; the day confirmed is one value for every row.
        expect(sql).not.toMatch(/signed_on|answer_text_enc/);
        expect(sql).toMatch(/confirmed_on = \?/);
      }
      const receipts = new Map((await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } })).map((r) => [r.guardianUserId, r]));
      for (const [i, x] of g.entries()) {
        expect(receipts.get(x.userId)).toMatchObject({
          readOn: i === 0 ? '2031-03-03' : '2031-03-04', confirmedOn: '2031-03-04', answeredOn: '2031-03-04', acknowledgedOn: '2031-03-04',
          answerChoices: `,${i % 2},`, signedOn: null, delivered: true,
        });
      }
      await expectSealedAndCounted(noticeId);
    } finally {
      t.clock.set(SCHOOL_MORNING);
    }
  });

  it('signatures at once: each stored with its own receipt and sealed with its hash', async () => {
    const noticeId = await publish({ audience: { scope: 'school' }, confirmMode: 'sign' });
    const png = (await signaturePng()).toString('base64');
    const at = await Promise.all(g.map((x) => t.request('POST', `/notices/${noticeId}/ack`, { token: x.token, body: { signature: png } })));
    expect(at.map((r) => r.status)).toEqual(Array(GUARDIANS).fill(200));
    const signatures = await t.ds.getRepository(NoticeSignatureEntity).find({ where: { noticeId } });
    const receipts = await t.ds.getRepository(NoticeReceiptEntity).find({ where: { noticeId } });
    const byGuardian = new Map(receipts.map((r) => [r.guardianUserId, r]));
    expect(new Set(signatures.map((s) => s.receiptId))).toEqual(new Set(g.map((x) => byGuardian.get(x.userId)!.id)));
    // A second signature of one of them is refused.
    const again = await t.request('POST', `/notices/${noticeId}/ack`, { token: g[3].token, body: { signature: png } });
    expect(again.status).toBe(409);
    await expectSealedAndCounted(noticeId);
  });
});
