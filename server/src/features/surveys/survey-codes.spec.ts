import { randomBytes } from 'node:crypto';
import { SURVEY_CODE_PATTERN } from '@anxin/shared';
import type { DataKey } from '../../platform/crypto/crypto.service';
import { deriveClassCodes } from './survey-codes';

const key = (): DataKey => ({ id: 'k1', schoolId: 's1', key: randomBytes(32) });

describe('survey codes', () => {
  it('a class\'s codes are 8 characters of the unambiguous alphabet, distinct, and the same list when shown again', () => {
    const k = key();
    const codes = deriveClassCodes(k, 'survey-1', 'class-1', 60);
    expect(codes).toHaveLength(60);
    expect(codes.every((c) => SURVEY_CODE_PATTERN.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(60);
    expect(deriveClassCodes(k, 'survey-1', 'class-1', 60)).toEqual(codes);
    expect(deriveClassCodes(k, 'survey-1', 'class-1', 10)).toEqual(codes.slice(0, 10)); // the list a class was given, again
  });

  it('another class, another survey or another school key gives other codes', () => {
    const k = key();
    const a = deriveClassCodes(k, 'survey-1', 'class-1', 30);
    for (const other of [deriveClassCodes(k, 'survey-1', 'class-2', 30), deriveClassCodes(k, 'survey-2', 'class-1', 30), deriveClassCodes(key(), 'survey-1', 'class-1', 30)]) {
      expect(other.filter((c) => a.includes(c))).toEqual([]);
    }
  });
});
