import { CHILD_DATA_CONSENT_VERSION, CONSENT_VERSIONS, PRIVACY_GUIDE_VERSION } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TestApp } from '../support/test-app';

/**
 * The OpenAPI document says what the server enforces: the patterns, lengths and enums of the request fields are the
 * ones the validators apply, so a client generated from the document sends what the server accepts. And consent
 * versions are the known texts, not any string.
 */
describe('OpenAPI schemas match the validation (real database)', () => {
  let t: TestApp;
  let schemas: Record<string, any>;
  let token: string;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    const doc = (await t.request('GET', '/api/docs-json')).body;
    schemas = doc.components.schemas;
    token = await t.login('guardian');
  });
  afterAll(() => t?.stop());

  const prop = (schema: string, field: string) => {
    expect(schemas[schema]?.properties?.[field]).toBeDefined();
    return schemas[schema].properties[field];
  };

  it('states the login code, clientKey and receipt rules, and the patterns agree with the server', async () => {
    expect(prop('WechatLoginDto', 'code')).toMatchObject({ minLength: 1, maxLength: 128, pattern: '^[\\w.-]+$' });
    expect(prop('SubmitTipDto', 'clientKey')).toMatchObject({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]{16,64}$' });
    const receipt = new RegExp(prop('FollowupLoginDto', 'receipt').pattern);
    for (const ok of ['1234567812345678', '1234 5678 1234 5678', '1234-5678-1234-5678']) expect(receipt.test(ok)).toBe(true);
    for (const bad of ['123456781234567', '12345678123456789', '1234a67812345678']) expect(receipt.test(bad)).toBe(false);
    // What the pattern refuses the server refuses too (400, not a lookup).
    const followup = await t.request('POST', '/tips/followup', { body: { schoolId: ids.a.schoolId, receipt: '1234a67812345678' } });
    expect([followup.status, followup.body.details?.[0]?.field]).toEqual([400, 'receipt']);
    const login = await t.request('POST', '/auth/wechat', { body: { code: 'a b' } });
    expect([login.status, login.body.details?.[0]?.field]).toEqual([400, 'code']);
  });

  it('lists the known consent versions and says studentId is required for child data', () => {
    expect(prop('ConsentDto', 'kind').enum).toEqual(['privacy_guide', 'child_data']);
    expect(prop('ConsentDto', 'version').enum).toEqual(expect.arrayContaining([PRIVACY_GUIDE_VERSION, CHILD_DATA_CONSENT_VERSION]));
    expect(prop('ConsentDto', 'version').description).toContain('privacy_guide');
    expect(prop('ConsentDto', 'studentId')).toMatchObject({ format: 'uuid' });
    expect(prop('ConsentDto', 'studentId').description).toMatch(/required when kind is 'child_data'/);
    expect(prop('CreateBindingDto', 'consentVersion').enum).toEqual([...CONSENT_VERSIONS.child_data]);
  });

  it('refuses consents with unknown versions (400 naming version), and child-data consent without studentId', async () => {
    for (const version of ['x', '2020-01', '2026-11 ', '']) {
      const res = await t.request('POST', '/me/consents', { token, body: { kind: 'privacy_guide', version } });
      expect([version, res.status, res.body.code]).toEqual([version, 400, 'VALIDATION_FAILED']);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'version' })]);
    }
    const ok = await t.request('POST', '/me/consents', { token, body: { kind: 'privacy_guide', version: PRIVACY_GUIDE_VERSION } });
    expect(ok.status).toBe(201);
    const noChild = await t.request('POST', '/me/consents', { token, body: { kind: 'child_data', version: CHILD_DATA_CONSENT_VERSION } });
    expect([noChild.status, noChild.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(noChild.body.details).toEqual([expect.objectContaining({ field: 'studentId' })]);
    const binding = await t.request('POST', '/bindings', {
      token, body: { inviteCode: 'DEMO3A01', studentId: '00000000-0000-4000-8000-000000000000', studentName: '王小明', relation: 'mother', consentVersion: 'latest' },
    });
    expect([binding.status, binding.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(binding.body.details).toEqual([expect.objectContaining({ field: 'consentVersion' })]);
  });
});
