import { describe, expect, it } from '@jest/globals';
import { ApiError, NETWORK_ERROR } from '../../api/client';
import {
  followupErrorText, formatReceipt, handOverReceipt, needsReceiptAgain, normalizeReceipt, receiptInputError, schoolQuery, takeReceipt,
} from './receipt';

describe('receipt formatting', () => {
  it('groups the 16 digits in fours', () => {
    expect(formatReceipt('1234567812345678')).toBe('1234 5678 1234 5678');
    expect(formatReceipt('1234 5678-1234 5678')).toBe('1234 5678 1234 5678');
  });

  it('accepts what people type: spaces, dashes, full-width digits', () => {
    expect(normalizeReceipt(' 1234-5678 1234　５６７８ ')).toBe('1234567812345678');
    expect(receiptInputError('1234 5678 1234 5678')).toBeNull();
    expect(receiptInputError('')).toBe('请输入回执码');
    expect(receiptInputError('1234 5678')).toBe('回执码是 16 位数字，你输入了 8 位');
    expect(receiptInputError('1234abcd12345678')).toBe('回执码只包含数字');
  });

  it('is handed to the receipt page once, in memory', () => {
    expect(takeReceipt()).toBeNull();
    handOverReceipt({ receipt: '1234567812345678', status: 'new', submittedAt: '2026-11-29T04:00:00.000Z', replayed: false, schoolId: 's' });
    expect(takeReceipt()?.receipt).toBe('1234567812345678');
    expect(takeReceipt()).toBeNull();
  });

  it('schoolQuery encodes once', () => {
    expect(schoolQuery({ schoolId: 'sch1', schoolName: encodeURIComponent('阳光 小学') })).toBe(`?schoolId=sch1&schoolName=${encodeURIComponent('阳光 小学')}`);
    expect(schoolQuery({})).toBe('');
  });
});

describe('follow-up errors', () => {
  it('a wrong receipt shows the server’s Chinese message', () => {
    const e = new ApiError(401, 'TIP_RECEIPT_INVALID', '回执码不正确，请核对后再试');
    expect(followupErrorText(e)).toBe('回执码不正确，请核对后再试');
    expect(needsReceiptAgain(e)).toBe(false);
  });

  it('429 always says to wait (the server’s wording when it gave one)', () => {
    expect(followupErrorText(new ApiError(429, 'RATE_LIMITED', '回执码错误次数过多，请 15 分钟后再试'))).toBe('回执码错误次数过多，请 15 分钟后再试');
    expect(followupErrorText(new ApiError(429, 'HTTP_429', '操作太频繁，请稍后再试'))).toBe('尝试次数过多，为了保护举报人，请等 15 分钟后再试');
    expect(followupErrorText(new ApiError(429, 'HTTP_429', 'Too Many Requests'))).toBe('尝试次数过多，为了保护举报人，请等 15 分钟后再试');
  });

  it('an expired follow-up token asks for the receipt again; network errors say so', () => {
    expect(needsReceiptAgain(new ApiError(401, 'TIP_FOLLOWUP_TOKEN_INVALID', '查看时间已到，请重新输入回执码'))).toBe(true);
    expect(needsReceiptAgain(new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试'))).toBe(false);
    expect(followupErrorText(new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试'))).toBe('网络连接失败，请检查网络后重试');
    expect(followupErrorText(new Error('boom'))).toBe('出了点问题，请稍后再试');
  });
});
