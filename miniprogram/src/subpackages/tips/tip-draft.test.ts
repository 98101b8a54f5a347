import { beforeEach, describe, expect, it } from '@jest/globals';
import Taro from '@tarojs/taro';
import { resetTaro } from '../../../test/stubs/taro';
import {
  clearDraft, hasContent, loadDraft, newClientKey, newDraft, openDraft, saveDraft, toSubmitRequest, validateDraft, type TipDraft,
} from './tip-draft';

const school = { schoolId: 'sch1', schoolName: '阳光实验小学' };

function filled(over: Partial<TipDraft> = {}): TipDraft {
  return {
    ...newDraft(school),
    category: 'verbal',
    description: '  他们一直叫我外号  ',
    ongoing: false,
    reporterRole: 'victim',
    ...over,
  };
}

beforeEach(() => resetTaro());

describe('the idempotency key', () => {
  it('is a UUID the server accepts, different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newClientKey()));
    expect(keys.size).toBe(200);
    for (const k of keys) {
      expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(k).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    }
  });

  it('works without Web Crypto (mini-program runtimes)', () => {
    const saved = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      const a = newClientKey();
      const b = newClientKey();
      expect(a).toMatch(/^[0-9a-f-]{36}$/);
      expect(a).not.toBe(b);
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: saved, configurable: true });
    }
  });

  it('is made once per draft and kept through save, restore and edits', () => {
    const first = openDraft('reporter', school);
    expect(first.restored).toBe(false);
    const key = first.draft.clientKey;
    saveDraft('reporter', { ...first.draft, description: '写了一半' });
    const again = openDraft('reporter', school);
    expect(again.restored).toBe(true);
    expect(again.draft.clientKey).toBe(key);
    expect(again.draft.description).toBe('写了一半');
    saveDraft('reporter', { ...again.draft, when: '昨天' });
    expect(loadDraft('reporter')!.clientKey).toBe(key);
  });

  it('a new draft (after success, or another school) gets a new key', () => {
    const d = openDraft('reporter', school).draft;
    saveDraft('reporter', { ...d, description: 'x' });
    expect(openDraft('reporter', { schoolId: 'other', schoolName: '' }).draft.clientKey).not.toBe(d.clientKey);
    clearDraft('reporter');
    expect(loadDraft('reporter')).toBeNull();
    expect(openDraft('reporter', school).draft.clientKey).not.toBe(d.clientKey);
  });
});

describe('drafts on the device', () => {
  it('an empty draft is not restored; teacher drafts are kept apart', () => {
    saveDraft('reporter', newDraft(school));
    expect(openDraft('reporter', school).restored).toBe(false);
    saveDraft('teacher', { ...newDraft({ ...school, filedByTeacher: true }), description: '转报' });
    expect(loadDraft('reporter')!.description).toBe('');
    expect(openDraft('teacher', school).draft).toEqual(expect.objectContaining({ description: '转报', filedByTeacher: true }));
  });

  it('coming from 我现在有危险 marks a restored draft inDanger, never the other way', () => {
    saveDraft('reporter', { ...newDraft(school), description: 'x' });
    expect(openDraft('reporter', { ...school, inDanger: true }).draft.inDanger).toBe(true);
    saveDraft('reporter', { ...newDraft({ ...school, inDanger: true }), description: 'x' });
    expect(openDraft('reporter', school).draft.inDanger).toBe(true);
  });

  it('ignores broken or foreign data in storage, and storage that throws', () => {
    Taro.setStorageSync('anxin.tipDraft', '{not json');
    expect(loadDraft('reporter')).toBeNull();
    Taro.setStorageSync('anxin.tipDraft', JSON.stringify({ v: 1, clientKey: 'short', schoolId: 'sch1', description: '', photos: [] }));
    expect(loadDraft('reporter')).toBeNull();
    (Taro.setStorageSync as any).mockImplementation(() => {
      throw new Error('full');
    });
    expect(() => saveDraft('reporter', filled())).not.toThrow();
  });

  it('hasContent: anything chosen or typed', () => {
    expect(hasContent(newDraft(school))).toBe(false);
    expect(hasContent({ ...newDraft(school), ongoing: false })).toBe(true);
    expect(hasContent({ ...newDraft(school), photos: [{ attachmentId: 'a', localPath: 'p' }] })).toBe(true);
  });
});

describe('validation', () => {
  it('names every missing required answer', () => {
    expect(validateDraft(newDraft(school))).toEqual({
      category: '请选择发生了哪一类事情',
      description: '请写一写发生了什么',
      ongoing: '请选择事情是否还在发生',
      reporterRole: '请选择你的身份',
    });
    expect(validateDraft({ ...newDraft(school), description: '   ' }).description).toBe('请写一写发生了什么');
    expect(validateDraft(filled())).toEqual({});
  });

  it('limits lengths (counted in characters) and photos', () => {
    expect(validateDraft(filled({ description: '字'.repeat(5001) })).description).toBe('最多 5000 字');
    expect(validateDraft(filled({ description: '字'.repeat(5000) })).description).toBeUndefined();
    expect(validateDraft(filled({ when: 'x'.repeat(201) })).when).toBeDefined();
    expect(validateDraft(filled({ placeDetail: 'x'.repeat(501) })).placeDetail).toBeDefined();
    expect(validateDraft(filled({ peopleInvolved: 'x'.repeat(1001) })).peopleInvolved).toBeDefined();
    const photos = Array.from({ length: 7 }, (_, i) => ({ attachmentId: `a${i}`, localPath: '' }));
    expect(validateDraft(filled({ photos })).photos).toBe('最多 6 张照片');
  });

  it('a named report needs both name and contact; a teacher filing never asks', () => {
    expect(validateDraft(filled({ named: true }))).toEqual({ name: '请填写姓名，或取消“留下姓名”', contact: '请填写联系方式，或取消“留下姓名”' });
    expect(validateDraft(filled({ named: true, name: '小明', contact: '13800000000' }))).toEqual({});
    expect(validateDraft(filled({ named: true, filedByTeacher: true }))).toEqual({});
    expect(validateDraft({ ...newDraft({ ...school, filedByTeacher: true }), category: 'other', description: 'x', ongoing: true }).reporterRole).toBe('请选择告诉你的是谁');
  });
});

describe('the request', () => {
  it('anonymous: trims, leaves out empty optional fields, carries the key and the photos', () => {
    const d = filled({ when: ' ', place: 'corridor', placeDetail: ' 三楼 ', photos: [{ attachmentId: 'att1', localPath: 'blob:1' }], inDanger: true });
    expect(toSubmitRequest(d)).toEqual({
      schoolId: 'sch1', category: 'verbal', description: '他们一直叫我外号', when: undefined, place: 'corridor', placeDetail: '三楼',
      peopleInvolved: undefined, ongoing: false, reporterRole: 'victim', inDanger: true, attachmentIds: ['att1'], clientKey: d.clientKey,
    });
    expect(toSubmitRequest(filled())).not.toHaveProperty('named');
  });

  it('named only when chosen; 教师转报 sets filedByTeacher and never sends a name', () => {
    expect(toSubmitRequest(filled({ named: true, name: ' 小明 ', contact: ' 138 ' })).named).toEqual({ name: '小明', contact: '138' });
    expect(toSubmitRequest(filled({ named: false, name: '小明', contact: '138' })).named).toBeUndefined();
    const t = toSubmitRequest(filled({ filedByTeacher: true, named: true, name: 'x', contact: 'y' }));
    expect(t.filedByTeacher).toBe(true);
    expect(t.named).toBeUndefined();
  });
});
