import { NOTICE_LIMITS } from '@anxin/shared';
import { getMetadataArgsStorage } from 'typeorm';
import { ANSWER_COLUMNS, NoticeClassCountEntity } from './notice-class-count.entity';
import { FIGURES, TALLY_BITS, tallyDeltas, tallyOf } from './notice-counts';
import type { NoticeReceiptEntity } from './notice-receipt.entity';

const receipt = (over: Partial<NoticeReceiptEntity> = {}): NoticeReceiptEntity => ({
  id: 'r1', noticeId: 'n1', schoolId: 's1', guardianUserId: 'g1', contentHash: 'h', messageKey: 'notice:n1:g1', createdAt: new Date(0),
  readOn: null, confirmedOn: null, signedOn: null, answeredOn: null, answerChoices: null, answerTextEnc: null, acknowledgedOn: null, delivered: false, tallied: 0, tallyDue: false,
  ...over,
} as NoticeReceiptEntity);

describe('notice class counts', () => {
  it('has a tally column for every option a question may have, and every figure is a column of the entity', () => {
    expect(ANSWER_COLUMNS).toHaveLength(NOTICE_LIMITS.questionOptionsMax);
    const columns = getMetadataArgsStorage().columns.filter((c) => c.target === NoticeClassCountEntity).map((c) => c.options.name ?? c.propertyName);
    for (const f of FIGURES) expect(columns).toContain(f);
  });

  it('moves each figure the counts do not hold yet, by the receipt\'s tallied bits', () => {
    const day = '2031-03-03' as NoticeReceiptEntity['readOn'];
    expect(tallyDeltas(receipt({ readOn: day, delivered: true }))).toEqual({ read_count: 1, delivered: 1 });
    // Delivered by WeChat before (the sent hook set its bit): opening moves only "read".
    expect(tallyDeltas(receipt({ readOn: day, delivered: true, tallied: TALLY_BITS.delivered }))).toEqual({ read_count: 1 });
    const confirmed = receipt({ readOn: day, delivered: true, confirmedOn: day, answeredOn: day, answerChoices: ',0,2,', acknowledgedOn: day });
    expect(tallyDeltas({ ...confirmed, tallied: TALLY_BITS.delivered | TALLY_BITS.read_count } as NoticeReceiptEntity))
      .toEqual({ confirmed: 1, answered: 1, acknowledged: 1, a0: 1, a2: 1 });
    // Tallied already: nothing; the bits it takes are what its columns say.
    expect(tallyDeltas({ ...confirmed, tallied: tallyOf(confirmed) } as NoticeReceiptEntity)).toEqual({});
    expect(tallyOf(confirmed)).toBe(TALLY_BITS.delivered | TALLY_BITS.read_count | TALLY_BITS.confirmed | TALLY_BITS.answered | TALLY_BITS.acknowledged);
    // A bit the columns no longer call for (a row changed outside the app) is taken back, with its choices.
    expect(tallyDeltas(receipt({ tallied: TALLY_BITS.answered, answerChoices: ',1,' }))).toEqual({ answered: -1, a1: -1 });
  });
});
