import { NOTICE_LIMITS } from '@anxin/shared';
import { getMetadataArgsStorage } from 'typeorm';
import { ANSWER_COLUMNS, NoticeClassCountEntity } from './notice-class-count.entity';
import { FIGURES, receiptDeltas } from './notice-counts';
import type { NoticeReceiptEntity } from './notice-receipt.entity';

const receipt = (over: Partial<NoticeReceiptEntity> = {}): NoticeReceiptEntity => ({
  id: 'r1', noticeId: 'n1', schoolId: 's1', guardianUserId: 'g1', contentHash: 'h', messageKey: 'notice:n1:g1', createdAt: new Date(0),
  readOn: null, confirmedOn: null, signedOn: null, answeredOn: null, answerChoices: null, answerTextEnc: null, acknowledgedOn: null, delivered: false,
  ...over,
} as NoticeReceiptEntity);

describe('notice class counts', () => {
  it('has a tally column for every option a question may have, and every figure is a column of the entity', () => {
    expect(ANSWER_COLUMNS).toHaveLength(NOTICE_LIMITS.questionOptionsMax);
    const columns = getMetadataArgsStorage().columns.filter((c) => c.target === NoticeClassCountEntity).map((c) => c.options.name ?? c.propertyName);
    for (const f of FIGURES) expect(columns).toContain(f);
  });

  it('moves each figure once, when it changes from nothing to something', () => {
    const day = '2031-03-03' as NoticeReceiptEntity['readOn'];
    expect(receiptDeltas(receipt(), receipt({ readOn: day, delivered: true }))).toEqual({ read_count: 1, delivered: 1 });
    // Delivered by WeChat before: opening moves only "read".
    expect(receiptDeltas(receipt({ delivered: true }), receipt({ readOn: day, delivered: true }))).toEqual({ read_count: 1 });
    expect(receiptDeltas(
      receipt({ readOn: day, delivered: true }),
      receipt({ readOn: day, delivered: true, confirmedOn: day, answeredOn: day, answerChoices: ',0,2,', acknowledgedOn: day }),
    )).toEqual({ confirmed: 1, answered: 1, acknowledged: 1, a0: 1, a2: 1 });
    expect(receiptDeltas(receipt({ readOn: day, signedOn: day }), receipt({ readOn: day, signedOn: day }))).toEqual({});
  });
});
