import { describe, expect, it } from '@jest/globals';
import { codeFromScan, emptyForm, nameMatchesMask, validateBindingForm, type BindingForm } from './binding-form';

const valid = (): BindingForm => ({
  ...emptyForm('DEMO3A01'), studentId: 's1', maskedName: '王*明', fullName: '王小明', relation: 'mother', consent: true,
});

describe('binding form rules', () => {
  it('accepts a complete form', () => {
    expect(validateBindingForm(valid())).toEqual({});
  });

  it('names every missing field', () => {
    const e = validateBindingForm(emptyForm());
    expect(Object.keys(e).sort()).toEqual(['code', 'consent', 'fullName', 'relation', 'studentId']);
  });

  it('requires consent to the child-data text', () => {
    expect(validateBindingForm({ ...valid(), consent: false }).consent).toBe('需要您同意后才能绑定');
  });

  it('checks the typed name against the masked one', () => {
    expect(nameMatchesMask('王小明', '王*明')).toBe(true);
    expect(nameMatchesMask('王大明', '王*明')).toBe(true);
    expect(nameMatchesMask('李小明', '王*明')).toBe(false);
    expect(nameMatchesMask('王明', '王*明')).toBe(false);
    expect(validateBindingForm({ ...valid(), fullName: '李小明' }).fullName).toMatch(/不一致/);
  });

  it('phone is optional but must be a mobile number when given', () => {
    expect(validateBindingForm({ ...valid(), phone: '' }).phone).toBeUndefined();
    expect(validateBindingForm({ ...valid(), phone: '138 0013 8000' }).phone).toBeUndefined();
    expect(validateBindingForm({ ...valid(), phone: '12345' }).phone).toBeDefined();
  });

  it('invite codes: case and spaces do not matter; junk is refused', () => {
    expect(validateBindingForm({ ...valid(), code: ' demo3a01 ' }).code).toBeUndefined();
    expect(validateBindingForm({ ...valid(), code: '邀请码' }).code).toBeDefined();
  });

  it('reads the code out of scanned QR payloads', () => {
    expect(codeFromScan('DEMO3A01')).toBe('DEMO3A01');
    expect(codeFromScan('https://anxin.example.com/bind?code=demo3a01')).toBe('DEMO3A01');
    expect(codeFromScan('anxin:invite:DEMO3A01')).toBe('DEMO3A01');
    expect(codeFromScan('https://example.com/some page/')).toBeNull();
  });
});
