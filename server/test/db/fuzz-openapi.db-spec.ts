/**
 * FUZZ: every operation in the live OpenAPI document (`GET /api/docs-json`) gets hostile input, and nothing may
 * answer 5xx; every error answer must be the one error shape `{ code, message, details? }`.
 *
 * For each operation, as a signed-in caller of school A who holds the route's permission (so the request gets past
 * the guard and reaches validation and the service), on real records of school A:
 *   - each body field in turn (top level and one level down) set to null, a (huge) number, a string, an array,
 *     an object, a 1 MB string, and 1,000-deep nested JSON, on top of an otherwise valid minimal body;
 *   - the whole body as null, an array, a string, a number, 1,000-deep objects and arrays, 100,000-deep arrays,
 *     broken JSON, a prototype-poisoning key and an unknown field;
 *   - each path parameter as junk, an unknown id, a very long value, encoded slashes and NULs;
 *   - each query parameter as junk, huge, negative, and repeated.
 * On public routes anonymous callers get the whole-body variants too (the body is parsed before the guard runs).
 *
 * New routes join automatically. A path parameter without a row in PARAM_VALUES fails the test and names the row to
 * add; a route whose body needs a particular valid value to reach its service gets a row in BASE_BODIES.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DemoRole, Permission, ROLE_PERMISSIONS, type StaffRole } from '@anxin/shared';
import { startFakeWechat, type FakeWechat } from '../../../test/fakes/wechat';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { inTransaction } from '../../src/platform/database/transaction';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { UserEntity } from '../../src/features/identity/user.entity';
import { InboxItemEntity } from '../../src/platform/inbox/inbox-item.entity';
import { ShareGroupEntity } from '../../src/features/shares/share-group.entity';
import { ShareEntity } from '../../src/features/shares/share.entity';
import { utcDay } from '../../src/platform/common/clock/utc-day';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { InviteCodeEntity } from '../../src/features/tenancy/invite-code.entity';
import { StaffRoleEntity } from '../../src/features/tenancy/staff-role.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { QrLoginService } from '../../src/features/browser-login/qr-login.service';
import { SessionService } from '../../src/features/identity/session.service';
import { makeNoticeFixtures, type NoticeFixtures } from './notices-fixtures';
import { makePledgeFixtures, type PledgeFixtures } from './pledges-fixtures';
import { signBody } from './pledges-helpers';
import { draft } from './notices-helpers';
import { makeFlagFixture } from './oversight-fixtures';
import { makeReportFixture } from './reports-fixtures';
import { makeSurveyFixture, surveyFindingBody } from './surveys-fixtures';
import { LEDGER_DUTY_BODY, ledgerMeetingBody, makeLedgerFixtures, type LedgerFixtures } from './ledger-fixtures';

const STAFF_ROLES_OF: Record<DemoRole, StaffRole[]> = {
  guardian: [], student: [], teacher: ['teacher'], contact: ['contact'], committee: ['committee'], principal: ['principal'], admin: ['admin'], district: ['district_officer'],
};
/** Who calls a route: the first of these that holds its permission (the contact is the one who handles a fresh tip). */
const CALLER_PREFERENCE: DemoRole[] = ['contact', 'admin', 'principal', 'district', 'teacher', 'committee', 'guardian', 'student'];
/** Routes open to any signed-in user: the guardian owns the personal records (inbox, bindings). */
const SIGNED_IN_CALLER: DemoRole = 'guardian';

interface Records {
  a: DemoSchoolIds;
  gradeA: string;
  studentA: string;
  bindingA: string;
  invite: { id: string; code: string };
  staffUser: string;
  staffRole: string;
  inboxItem: string;
  share: string;
  shareGroup: string;
  robot: string;
  notices: NoticeFixtures;
  pledges: PledgeFixtures;
  tip: { id: string; attachmentId: string };
  /** 扫码登录: a code (its ticket and the scene its picture carries) and a browser session of the signed-in caller. */
  qr: { ticket: string; scene: string };
  browserSession: string;
  /** A supervision flag of school A (oversight-fixtures.ts). */
  flag: string;
  /** A ready semester report of school A (reports-fixtures.ts). */
  report: string;
  /** An open survey of school A (surveys-fixtures.ts). */
  survey: string;
  /** School A's work ledger (ledger-fixtures.ts). */
  ledger: LedgerFixtures;
}

/** Path parameter → a record of school A. The first matching row wins. */
const PARAM_VALUES: { param: string; path: RegExp; value: (r: Records) => string }[] = [
  { param: 'id', path: /^\/api\/v1\/schools\/\{id\}/, value: (r) => r.a.schoolId },
  { param: 'schoolId', path: /\/schools\/\{schoolId\}/, value: (r) => r.a.schoolId },
  { param: 'id', path: /^\/api\/v1\/districts\/\{id\}/, value: (r) => r.a.districtId },
  { param: 'flagKey', path: /\/flags\/\{flagKey\}/, value: (r) => r.flag },
  { param: 'floodId', path: /\/floods\/\{floodId\}/, value: () => randomUUID() },
  { param: 'id', path: /^\/api\/v1\/reports\/\{id\}/, value: (r) => r.report },
  { param: 'id', path: /^\/api\/v1\/classes\/\{id\}/, value: (r) => r.a.teacherClassId },
  { param: 'classId', path: /\/classes\/\{classId\}/, value: (r) => r.a.teacherClassId },
  { param: 'id', path: /^\/api\/v1\/grades\/\{id\}/, value: (r) => r.gradeA },
  { param: 'gradeId', path: /\/grades\/\{gradeId\}/, value: (r) => r.gradeA },
  { param: 'id', path: /^\/api\/v1\/students\/\{id\}/, value: (r) => r.studentA },
  { param: 'studentId', path: /\/students\/\{studentId\}/, value: (r) => r.studentA },
  { param: 'id', path: /^\/api\/v1\/bindings\/\{id\}/, value: (r) => r.bindingA },
  { param: 'id', path: /^\/api\/v1\/invite-codes\/\{id\}/, value: (r) => r.invite.id },
  { param: 'id', path: /^\/api\/v1\/invites\/\{id\}/, value: (r) => r.invite.id },
  { param: 'code', path: /\/\{code\}/, value: (r) => r.invite.code },
  { param: 'userId', path: /\/staff\/\{userId\}/, value: (r) => r.staffUser },
  { param: 'id', path: /^\/api\/v1\/staff-roles\/\{id\}/, value: (r) => r.staffRole },
  { param: 'roleId', path: /\/\{roleId\}/, value: (r) => r.staffRole },
  { param: 'id', path: /^\/api\/v1\/me\/inbox\/\{id\}/, value: (r) => r.inboxItem },
  { param: 'id', path: /^\/api\/v1\/me\/bindings\/\{id\}/, value: (r) => r.bindingA },
  { param: 'id', path: /^\/api\/v1\/tips\/\{id\}/, value: (r) => r.tip.id },
  { param: 'token', path: /^\/api\/v1\/telephony\/callbacks\//, value: () => 'fuzz-callback-token' },
  { param: 'attachmentId', path: /^\/api\/v1\/notices\/\{id\}\/attachments\/\{attachmentId\}/, value: (r) => r.notices.attachmentA },
  { param: 'attachmentId', path: /\/attachments\/\{attachmentId\}/, value: (r) => r.tip.attachmentId },
  { param: 'id', path: /^\/api\/v1\/shares\/\{id\}/, value: (r) => r.share },
  { param: 'groupId', path: /\/groups\/\{groupId\}/, value: (r) => r.shareGroup },
  { param: 'robotId', path: /\/robots\/\{robotId\}/, value: (r) => r.robot },
  { param: 'id', path: /^\/api\/v1\/me\/notices\/\{id\}/, value: (r) => r.notices.signedA },
  // uploads reach the multipart reader on a draft (a published notice refuses them before reading)
  { param: 'id', path: /^\/api\/v1\/notices\/\{id\}\/attachments$/, value: (r) => r.notices.draftA },
  { param: 'id', path: /^\/api\/v1\/notices\/\{id\}/, value: (r) => r.notices.signedA },
  { param: 'receiptId', path: /\/receipts\/\{receiptId\}/, value: (r) => r.notices.receiptA },
  { param: 'ticket', path: /^\/api\/v1\/auth\/qr\/\{ticket\}/, value: (r) => r.qr.ticket },
  { param: 'scene', path: /^\/api\/v1\/auth\/qr\/\{scene\}/, value: (r) => r.qr.scene },
  { param: 'id', path: /^\/api\/v1\/me\/browser-sessions\/\{id\}/, value: (r) => r.browserSession },
  { param: 'sid', path: /^\/api\/v1\/me\/pledges\/\{id\}\/signatures\/\{sid\}/, value: (r) => r.pledges.signatureA },
  { param: 'id', path: /^\/api\/v1\/me\/pledges\/\{id\}/, value: (r) => r.pledges.current },
  { param: 'sid', path: /^\/api\/v1\/pledges\/\{id\}\/signatures\/\{sid\}/, value: (r) => r.pledges.signatureA },
  { param: 'id', path: /^\/api\/v1\/pledges\/\{id\}\/versions$/, value: (r) => r.pledges.next },
  { param: 'id', path: /^\/api\/v1\/pledges\/\{id\}/, value: (r) => r.pledges.current },
  { param: 'id', path: /^\/api\/v1\/surveys\/\{id\}/, value: (r) => r.survey },
  { param: 'id', path: /^\/api\/v1\/ledger\/activities\/\{id\}/, value: (r) => r.ledger.activityA },
  { param: 'id', path: /^\/api\/v1\/ledger\/files\/\{id\}/, value: (r) => r.ledger.fileA },
  { param: 'id', path: /^\/api\/v1\/ledger\/exports\/\{id\}/, value: (r) => r.ledger.exportA },
];

/**
 * Valid values the generated minimal body cannot guess (a current version, a pattern), keyed 'METHOD path'.
 * Evaluated before every request, so a version that an earlier request moved on is read afresh.
 */
const BASE_BODIES: Record<string, (t: TestApp, r: Records) => Promise<Record<string, unknown>> | Record<string, unknown>> = {
  'POST /api/v1/schools/{id}/ledger/activities': (t, r) => ledgerMeetingBody(r.a.teacherClassId, t.clock.now()),
  'PUT /api/v1/districts/{id}/ledger/duties': () => LEDGER_DUTY_BODY,
  'PATCH /api/v1/tips/{id}': async (t, r) => ({ version: (await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id: r.tip.id } })).version }),
  'POST /api/v1/tips/{id}/reopen': async (t, r) => ({ version: (await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id: r.tip.id } })).version, reason: '模糊测试' }),
  'PUT /api/v1/tips/{id}/redaction': () => ({ fields: [{ field: 'description', spans: [{ start: 0, end: 2 }] }] }),
  'POST /api/v1/tips/{id}/legal-hold': () => ({ reason: '模糊测试' }),
  'POST /api/v1/tips/{id}/legal-hold/lift': () => ({ reason: '模糊测试' }),
  'PUT /api/v1/districts/{id}/retention-rules': () => ({ tipContentYears: 3, unansweredThreadYears: 1, receiptYears: 2, logDays: 180 }),
  'POST /api/v1/auth/dev': () => ({ role: 'admin', school: 'a' }),
  'POST /api/v1/tips': (_, r) => ({ schoolId: r.a.schoolId, clientKey: randomUUID() }),
  'POST /api/v1/tips/followup': (_, r) => ({ schoolId: r.a.schoolId, receipt: '1234567812345678' }),
  'PUT /api/v1/schools/{id}/contact': (_, r) => ({ userId: r.a.userIds.contact, name: '张静', phone: '010-62345678' }),
  'POST /api/v1/schools/{id}/classes': (_, r) => ({ gradeId: r.gradeA }),
  'POST /api/v1/shares': (_, r) => ({ kind: 'school', subjectId: r.a.schoolId }),
  // a well-formed code, so the other fields' junk reaches the lookup of onboarding and staff invites
  'POST /api/v1/onboarding/redeem': () => ({ code: 'ABCD-EFGH-JKMN' }),
  'POST /api/v1/schools/{id}/robots': () => ({ name: '模糊测试机器人', scope: 'school', webhook: `fuzz-${randomUUID()}` }),
  'PUT /api/v1/schools/{id}/robot-settings': () => ({ noticesToRobots: true }),
  'POST /api/v1/schools/{id}/notices': () => ({ ...draft() }),
  'PUT /api/v1/notices/{id}': (_, r) => ({ ...draft({ audience: { scope: 'classes', ids: [r.a.teacherClassId] } }) }),
  'POST /api/v1/notices/{id}/recall': () => ({ reason: '模糊测试' }),
  'POST /api/v1/notices/{id}/corrections': () => ({ title: '模糊测试更正', body: draft().body, confirmMode: 'confirm', note: '模糊测试' }),
  'POST /api/v1/notices/{id}/review': () => ({ decision: 'keep' }),
  'PUT /api/v1/schools/{id}/notice-settings': () => ({ quietHours: { start: '21:00', end: '07:00' } }),
  'POST /api/v1/districts/{id}/flags/{flagKey}/ack': () => ({ note: '模糊测试：已约谈' }),
  'PUT /api/v1/districts/{id}/calendar': () => ({ years: [{ schoolYear: 2026, first: { startsOn: '2026-09-01', endsOn: '2027-01-31' }, second: { startsOn: '2027-02-01', endsOn: '2027-07-31' } }] }),
  'POST /api/v1/schools/{id}/pledges': (_, r) => ({ ...r.pledges.openBody() }),
  'POST /api/v1/pledges/{id}/versions': (_, r) => ({ ...r.pledges.versionBody() }),
  'POST /api/v1/pledges/{id}/signatures': async (_, r) => ({ ...(await signBody(r.pledges.studentA, 1)) }),
  'POST /api/v1/surveys/{id}/findings': () => surveyFindingBody(),
  'POST /api/v1/surveys/{id}/parent-answers': (_, r) => ({ studentId: r.pledges.studentA, answers: [] }),
};

const MB_STRING = 'a'.repeat(1_000_000);
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Values a field is set to, as raw JSON text (so nesting deeper than JSON.stringify would go is possible). */
const FIELD_VALUES: Record<string, string> = {
  null: 'null',
  number: '-1e308',
  string: '"x"',
  array: '[null]',
  object: '{}',
  'huge string (1 MB)': JSON.stringify(MB_STRING),
  'nested 1,000 deep': nestedObject(1000),
};

const WHOLE_BODIES: Record<string, string> = {
  null: 'null',
  array: '[]',
  string: '"x"',
  number: '1',
  'nested 1,000 deep (objects)': nestedObject(1000),
  'nested 1,000 deep (arrays)': nestedArray(1000),
  'nested 100,000 deep (arrays)': nestedArray(100_000),
  'broken JSON': '{"a":',
  'prototype poisoning': '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  'unknown field': '{"fuzzUnknownField":1}',
};

const PARAM_JUNK = ['not-an-id', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff', 'a'.repeat(3000), '..%2F..%2Fetc', '%00', '1e999'];
const QUERY_JUNK = ['', 'a'.repeat(10_000), '-1', '1e999', 'null', '[]', '%00'];

const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete'];

describe('fuzz: every OpenAPI operation with nulls, wrong types, huge strings, deep nesting and bad parameters', () => {
  let t: TestApp;
  let fake: FakeWechat;
  let records: Records;

  beforeAll(async () => {
    fake = await startFakeWechat();
    t = await TestApp.start({ env: { WECHAT_API_BASE: fake.url, WECOM_API_BASE: fake.url } });
    const ids = await t.seedDemo();
    records = await createRecords(t, ids);
  });
  afterAll(async () => {
    await t?.stop();
    await fake?.close();
  });

  it('refuses null in optional fields and deep nesting with 400 naming the problem; leaving a field out still works', async () => {
    const admin = await t.login('admin', 'a');
    const contact = await t.login('contact', 'a');
    const schoolUrl = `/schools/${records.a.schoolId}`;
    const nullName = await t.request('PATCH', schoolUrl, { token: admin, body: { name: null } });
    expect(nullName.status).toBe(400);
    expect(nullName.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'name' })] });
    expect((await t.request('PATCH', schoolUrl, { token: admin, body: {} })).status).toBe(200);

    const tipUrl = `/tips/${records.tip.id}`;
    for (const field of ['outcome', 'measures', 'severity', 'labels', 'assigneeUserId', 'status']) {
      const { version } = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { id: records.tip.id } });
      const res = await t.request('PATCH', tipUrl, { token: contact, body: { version, [field]: null } });
      expect({ field, status: res.status, code: res.body.code, fields: res.body.details?.map((d: { field: string }) => d.field) })
        .toEqual({ field, status: 400, code: 'VALIDATION_FAILED', fields: [field] });
    }
    const named = await t.request('POST', '/tips', { body: { schoolId: records.a.schoolId, category: 'verbal', description: '测试', ongoing: false, reporterRole: 'witness', inDanger: false, clientKey: randomUUID(), named: null } });
    expect(named.status).toBe(400);

    const deep = await t.request('PATCH', schoolUrl, { token: admin, headers: { 'content-type': 'application/json' }, payload: nestedObject(1000) });
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({ code: 'BAD_REQUEST', message: expect.stringContaining('嵌套') });
    const veryDeep = await t.request('POST', '/tips/followup', { headers: { 'content-type': 'application/json' }, payload: nestedArray(100_000) });
    expect(veryDeep.status).toBe(400);

    const broken = await t.request('POST', '/tips/attachments', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--y\r\n' });
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('BAD_REQUEST');
  });

  it('answers every request below 500, and every error in the one error shape', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    const operations: { method: string; path: string; op: any }[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) if (METHOD_ORDER.includes(method)) operations.push({ method, path, op });
    }
    // Session-ending and deleting routes last, so their successes do not take records from the others.
    const weight = (o: { method: string; path: string }) => (o.method === 'delete' || o.path.endsWith('/logout') ? 1 : 0);
    operations.sort((x, y) => weight(x) - weight(y) || METHOD_ORDER.indexOf(x.method) - METHOD_ORDER.indexOf(y.method) || x.path.localeCompare(y.path));

    const failures: string[] = [];
    const setup: string[] = [];
    let sent = 0;
    const send = async (what: string, req: { method: string; url: string; token?: string; headers?: Record<string, string>; payload?: string | Buffer }) => {
      const headers: Record<string, string> = { ...(req.headers ?? {}) };
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      const res = await t.app.getHttpAdapter().getInstance().inject({ method: req.method as any, url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
      sent++;
      t.clock.reset(); // POST /__test/clock may have moved it; sessions must not expire under the next request
      if (res.statusCode >= 500) {
        failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      } else if (res.statusCode >= 400) {
        let body: any;
        try {
          body = JSON.parse(res.body);
        } catch {
          body = null;
        }
        if (!body || typeof body.code !== 'string' || typeof body.message !== 'string') failures.push(`${what} → ${res.statusCode} without the error shape: ${res.body.slice(0, 200)}`);
      }
      return res.statusCode;
    };

    for (const { method, path, op } of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      const permission: string | undefined = op['x-permission'];
      const isPublic = op['x-public'] === true;
      const role = isPublic ? SIGNED_IN_CALLER : !permission || permission === 'authenticated' ? SIGNED_IN_CALLER
        : CALLER_PREFERENCE.find((r) => STAFF_ROLES_OF[r].some((s) => ROLE_PERMISSIONS[s]?.includes(permission as Permission)));
      if (!role) {
        setup.push(`${key}: no demo role holds "${permission}"`);
        continue;
      }
      // A fresh session per route: a route that ends or changes the caller's session must not spoil the next one.
      const token = await t.login(role, 'a');

      let url = path;
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      let unfilled = false;
      for (const name of params) {
        const row = PARAM_VALUES.find((p) => p.param === name && p.path.test(path));
        if (!row) {
          setup.push(`${key}: no value for path parameter {${name}}. Add a row { param: '${name}', path: /…/, value } to PARAM_VALUES in test/db/fuzz-openapi.db-spec.ts`);
          unfilled = true;
          continue;
        }
        url = url.replace(`{${name}}`, encodeURIComponent(row.value(records)));
      }
      if (unfilled) continue;

      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      const multipart = !!content['multipart/form-data'];
      const json = { 'content-type': 'application/json' };

      // Path parameters, one at a time.
      for (const name of params) {
        for (const junk of PARAM_JUNK) {
          const bad = path.replace(/\{(\w+)\}/g, (_, n) => (n === name ? junk : encodeURIComponent(PARAM_VALUES.find((p) => p.param === n && p.path.test(path))!.value(records))));
          await send(`${key} with {${name}} = ${junk.slice(0, 40)}`, { method, url: bad, token, ...(jsonSchema ? { headers: json, payload: '{}' } : {}) });
        }
      }

      // Query parameters, one at a time.
      for (const p of (op.parameters ?? []).filter((x: any) => x.in === 'query')) {
        for (const junk of QUERY_JUNK) {
          await send(`${key} with ?${p.name}=${junk.slice(0, 40)}`, { method, url: `${url}?${encodeURIComponent(p.name)}=${encodeURIComponent(junk)}`, token });
        }
        await send(`${key} with ?${p.name} repeated`, { method, url: `${url}?${p.name}=1&${p.name}=2`, token });
      }

      // Headers the route reads.
      for (const h of (op.parameters ?? []).filter((x: any) => x.in === 'header')) {
        for (const junk of ['', 'a'.repeat(8000), '../..', 'null']) await send(`${key} with header ${h.name} = ${junk.slice(0, 40)}`, { method, url, headers: { [h.name]: junk } });
      }

      // Whole bodies: as the signed-in caller and anonymously (JSON is parsed before the guard runs).
      if (method !== 'get' && method !== 'head') {
        for (const [what, payload] of Object.entries(WHOLE_BODIES)) {
          await send(`${key} body ${what}`, { method, url, token, headers: json, payload });
          if (isPublic) await send(`${key} body ${what} (anonymous)`, { method, url, headers: json, payload });
        }
      }

      if (multipart) {
        const form = (fields: Record<string, string>, file?: Buffer) => {
          const boundary = `----fuzz${randomUUID().replace(/-/g, '')}`;
          const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
          if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`), file, Buffer.from('\r\n'));
          parts.push(Buffer.from(`--${boundary}--\r\n`));
          return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(parts) };
        };
        const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
        for (const v of ['null', '', 'a'.repeat(100_000), nestedObject(1000), '[]']) {
          await send(`${key} multipart schoolId = ${v.slice(0, 40)}`, { method, url, token, ...form({ schoolId: v }, png) });
        }
        await send(`${key} multipart without a file`, { method, url, token, ...form({ schoolId: records.a.schoolId }) });
        await send(`${key} multipart with a junk file`, { method, url, token, ...form({ schoolId: records.a.schoolId }, Buffer.from(nestedArray(1000))) });
        await send(`${key} multipart with a broken boundary`, { method, url, token, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--y\r\n' });
      }

      // Body fields, one at a time, on top of a minimal valid body.
      if (jsonSchema) {
        const fields = fieldPaths(doc, jsonSchema);
        for (const field of fields) {
          for (const [what, raw] of Object.entries(FIELD_VALUES)) {
            const base = { ...sample(doc, jsonSchema, true), ...((await BASE_BODIES[key]?.(t, records)) ?? {}) };
            await send(`${key} body.${field.join('.')} = ${what}`, { method, url, token, headers: json, payload: withRaw(base, field, raw) });
          }
        }
      }
    }

    console.log(`fuzz: ${operations.length} operations, ${sent} requests, ${failures.length} answers of 5xx or without the error shape`);
    expect(setup).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    if (failures.length) throw new Error(`fuzz: ${failures.length} problem(s)\n  ${failures.slice(0, 80).join('\n  ')}`);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------------------

function resolve(doc: any, schema: any): any {
  if (schema?.$ref) return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema?.allOf) return schema.allOf.reduce((acc: any, s: any) => {
    const r = resolve(doc, s);
    return { ...acc, ...r, properties: { ...(acc.properties ?? {}), ...(r.properties ?? {}) }, required: [...(acc.required ?? []), ...(r.required ?? [])] };
  }, {});
  return schema ?? {};
}

/** A small valid value for a schema; objects get their required properties only (`requiredOnly`). */
function sample(doc: any, raw: any, requiredOnly: boolean): any {
  const s = resolve(doc, raw);
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date-time') return new Date().toISOString();
      return '测试'.padEnd(Math.max(2, s.minLength ?? 1), '测');
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, s.minimum ?? 1), s.maximum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return s.minItems ? Array.from({ length: s.minItems }, () => sample(doc, s.items, true)) : [];
    default: {
      if (!s.properties) return {};
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries<any>(s.properties)) {
        if (!requiredOnly || (s.required ?? []).includes(name)) out[name] = sample(doc, prop, true);
      }
      return out;
    }
  }
}

/** Every body field: the top-level properties and, inside object-typed ones, theirs. */
function fieldPaths(doc: any, raw: any): string[][] {
  const s = resolve(doc, raw);
  const out: string[][] = [];
  for (const [name, prop] of Object.entries<any>(s.properties ?? {})) {
    out.push([name]);
    const inner = resolve(doc, prop);
    for (const sub of Object.keys(inner.properties ?? {})) out.push([name, sub]);
  }
  return out;
}

/** `base` as JSON text, with the value at `field` replaced by the raw JSON text `raw`. */
function withRaw(base: Record<string, unknown>, field: string[], raw: string): string {
  const marker = `__fuzz_${randomUUID()}__`;
  const copy = JSON.parse(JSON.stringify(base));
  let at = copy;
  for (const f of field.slice(0, -1)) {
    if (typeof at[f] !== 'object' || at[f] === null || Array.isArray(at[f])) at[f] = {};
    at = at[f];
  }
  at[field[field.length - 1]] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), raw);
}

async function createRecords(t: TestApp, ids: Record<'a' | 'b', DemoSchoolIds>): Promise<Records> {
  const now = t.clock.now();
  const a = ids.a;
  const rows = await inTransaction(t.ds, async (m) => {
    const students = await m.find(StudentEntity, { where: { classId: a.teacherClassId }, order: { studentNo: 'ASC' } });
    const cls = await m.findOneOrFail(ClassEntity, { where: { id: a.teacherClassId } });
    const binding = await m.save(m.create(BindingEntity, {
      guardianUserId: a.userIds.guardian, studentId: students[0].id, classId: a.teacherClassId, schoolId: a.schoolId,
      relation: 'mother', status: 'pending', autoApproved: false, decidedBy: null, decidedAt: null, rejectReason: null, createdAt: now,
    }));
    const invite = await m.findOneOrFail(InviteCodeEntity, { where: { classId: a.teacherClassId } });
    const staffUser = await m.save(m.create(UserEntity, {
      openid: `fuzz:${randomUUID()}`, unionid: null, displayName: '模糊测试教师', wxSessionKey: null, isDemo: false, disabled: false, createdAt: now,
    }));
    const staffRole = await m.save(m.create(StaffRoleEntity, { userId: staffUser.id, role: 'teacher', schoolId: a.schoolId, districtId: null, createdAt: now }));
    const inbox = await m.save(m.create(InboxItemEntity, {
      userId: a.userIds.guardian, schoolId: a.schoolId, outboxId: null, dedupeKey: `fuzz:${randomUUID()}`, template: 'fuzz',
      title: '模糊测试', body: '模糊测试消息', page: null, createdAt: now, readAt: null,
    }));
    const share = await m.save(m.create(ShareEntity, { schoolId: a.schoolId, subjectKind: 'school', subjectId: a.schoolId, createdOn: utcDay(now) }));
    const shareGroup = await m.save(m.create(ShareGroupEntity, { schoolId: a.schoolId, opengid: `fuzz-${randomUUID()}`, name: null, firstSeenOn: utcDay(now) }));
    return {
      gradeA: cls.gradeId, studentA: students[1].id, bindingA: binding.id, invite: { id: invite.id, code: invite.code }, staffUser: staffUser.id,
      staffRole: staffRole.id, inboxItem: inbox.id, share: share.id, shareGroup: shareGroup.id,
    };
  });
  // A tip with a photo, through the public API, as a reporter would send it.
  const contact = await t.login('contact', 'a');
  const reporter = await t.login('student', 'a');
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } }).png().toBuffer();
  const boundary = '----fuzzsetup';
  const up = await t.request('POST', '/tips/attachments', {
    token: reporter,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="schoolId"\r\n\r\n${a.schoolId}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
      png, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);
  const sent = await t.request('POST', '/tips', {
    token: reporter,
    body: { schoolId: a.schoolId, category: 'verbal', description: '模糊测试：课间有同学被起外号', ongoing: false, reporterRole: 'witness', inDanger: false, clientKey: randomUUID(), attachmentIds: [up.body.attachmentId] },
  });
  if (sent.status !== 201) throw new Error(`submit: ${sent.status} ${JSON.stringify(sent.body)}`);
  const list = await t.request('GET', `/schools/${a.schoolId}/tips`, { token: contact });
  const tipId: string = list.body.items[0].id;
  const robot = await t.request('POST', `/schools/${a.schoolId}/robots`, {
    token: await t.login('admin', 'a'), body: { name: '模糊测试家长群', scope: 'school', webhook: `fuzz-robot-${randomUUID()}` },
  });
  if (robot.status !== 201) throw new Error(`robot: ${robot.status} ${JSON.stringify(robot.body)}`);
  const notices = await makeNoticeFixtures(t, a, a.classIds.find((c) => c !== a.teacherClassId)!);
  const pledges = await makePledgeFixtures(t, a);
  const qr = await t.get(QrLoginService).issue({ address: '203.0.113.10', userAgent: 'fuzz' });
  const browserSession = (await inTransaction(t.ds, (m) => t.get(SessionService).create(m, a.userIds.guardian, { browser: 'Chrome · Windows' }))).id;
  const flag = await makeFlagFixture(t, a.schoolId);
  const report = await makeReportFixture(t, a.schoolId);
  const survey = await makeSurveyFixture(t, a, a.classIds.find((c) => c !== a.teacherClassId)!);
  const ledger = await makeLedgerFixtures(t, a);
  return { a, ...rows, robot: robot.body.id, notices, pledges, tip: { id: tipId, attachmentId: up.body.attachmentId }, qr, browserSession, flag, report, survey, ledger };
}
