import { normalizePledgeText, pledgeTextHash } from '@anxin/shared';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { ConsentEntity } from '../../src/features/identity/consent.entity';
import { DEFAULT_PLEDGE_TEMPLATE } from '../../src/features/pledges/pledge-default-text';
import { PledgeSignatureImageEntity } from '../../src/features/pledges/pledge-signature-image.entity';
import { PledgeSignatureEntity } from '../../src/features/pledges/pledge-signature.entity';
import { signatureLeaves } from '../../src/features/pledges/pledge-signature-seal';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { AuditVerifier } from '../../src/platform/audit/audit-verifier';
import { SealJob } from '../../src/platform/audit/seal/seal-job';
import { SealLeafEntity } from '../../src/platform/audit/seal/seal-leaf.entity';
import { OutboxEntity } from '../../src/platform/outbox/outbox.entity';
import { TestApp } from '../support/test-app';
import { bind, makeGuardian, SCHOOL_MORNING, student, type TestGuardian } from './notices-helpers';
import { openRequest, runSends, signBody } from './pledges-helpers';

const HOUR = 3600_000;
const PNG_DATA_URL = /^data:image\/png;base64,iVBORw0KGgo/;

/**
 * The annual pledge at the demo school: opened for the whole school (the child signs too from 四年级), a mother of two
 * children signing for both, a double submission making one signature, completion and the missing lists, the class
 * reminder (once per 24 hours), a new version superseding the signatures and asking again with the changes, and who
 * may see what. The demo pledge of the current year is there too (two guardians of 三年级1班 signed it).
 */
describe('pledges: open, sign, complete, remind, new version', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};
  let class3a: string; // 三年级1班, the demo teacher's class
  let class3b: string; // 三年级2班
  let class4: string; // 四年级1班
  let mother: TestGuardian; // 刘思彤 (三年级1班) and 胡梦琪 (四年级1班)
  let father: TestGuardian; // 胡梦琪 too
  let grandma: TestGuardian; // 陈浩然 (三年级1班)
  let outsider: TestGuardian; // 徐可馨 (三年级2班)
  let young: string; // 刘思彤
  let older: string; // 胡梦琪
  let pledgeId: string;
  let olderSignature: string;

  beforeAll(async () => {
    t = await TestApp.start();
    t.clock.set(SCHOOL_MORNING); // Monday 2031-03-03, 10:00 in Shanghai
    ids = await t.seedDemo();
    for (const role of ['teacher', 'principal', 'admin', 'contact', 'guardian'] as const) tok[role] = await t.login(role, 'a');
    tok.adminB = await t.login('admin', 'b');
    tok.guardianB = await t.login('guardian', 'b');
    [class3a, class3b, class4] = ids.a.classIds;
    mother = await makeGuardian(t, '刘女士');
    father = await makeGuardian(t, '胡先生');
    grandma = await makeGuardian(t, '陈奶奶');
    outsider = await makeGuardian(t, '徐女士');
    young = (await student(t, class3a, '刘思彤')).id;
    older = (await student(t, class4, '胡梦琪')).id;
    await bind(t, mother.userId, await student(t, class3a, '刘思彤'), 'mother');
    await bind(t, mother.userId, await student(t, class4, '胡梦琪'), 'mother');
    await bind(t, father.userId, await student(t, class4, '胡梦琪'), 'father');
    await bind(t, grandma.userId, await student(t, class3a, '陈浩然'), 'grandparent');
    await bind(t, outsider.userId, await student(t, class3b, '徐可馨'), 'mother');
  });
  afterAll(() => t?.stop());

  const mine = async (g: { token: string }) => (await t.request('GET', '/me/pledges', { token: g.token })).body.items.filter((i: any) => i.pledgeId === pledgeId);
  const read = (g: { token: string }, studentId: string, id = pledgeId) => t.request('GET', `/me/pledges/${id}?studentId=${studentId}`, { token: g.token });
  const sign = (g: { token: string }, body: unknown, id = pledgeId) => t.request('POST', `/pledges/${id}/signatures`, { token: g.token, body });
  const messagesTo = async (userId: string) => (await t.ds.getRepository(OutboxEntity).find({ where: { recipientUserId: userId, template: 'pledge.sign' } }))
    .filter((o) => o.dedupeKey.startsWith(`pledge:${pledgeId}:`));

  it('the demo school has this school year\'s pledge open, signed by two guardians of 三年级1班', async () => {
    const list = await t.request('GET', `/schools/${ids.a.schoolId}/pledges`, { token: tok.teacher });
    expect(list.status).toBe(200);
    expect(list.body.canManage).toBe(false);
    expect(list.body.items).toEqual([expect.objectContaining({ schoolYear: '2030-2031', status: 'open', currentVersion: 1, totals: { students: 8, signed: 2, superseded: 0, missing: 6 } })]);
    // The demo guardian, once bound to 王小明, has it to sign.
    await bind(t, ids.a.userIds.guardian, await student(t, class3a, '王小明'), 'mother');
    const items = (await t.request('GET', '/me/pledges', { token: tok.guardian })).body.items;
    expect(items).toEqual([expect.objectContaining({ schoolYear: '2030-2031', status: 'to_sign', studentPartRequired: true, student: expect.objectContaining({ name: '王小明', className: '三年级1班' }) })]);
  });

  it('the principal opens next year\'s pledge for the whole school; the rules of opening', async () => {
    const url = `/schools/${ids.a.schoolId}/pledges`;
    const template = await t.request('GET', '/pledge-templates/default', { token: tok.principal });
    expect(template.status).toBe(200);
    expect(template.body.text.guardian).toMatch(/监护责任/);
    expect(template.body.text.guardian).toMatch(/倾诉信箱/);
    expect((await t.request('GET', '/pledge-templates/default', { token: tok.teacher })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.teacher, body: openRequest() })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.contact, body: openRequest() })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.adminB, body: openRequest() })).status).toBe(404);
    expect((await t.request('POST', url, { token: tok.principal, body: openRequest({ deadline: '2031-03-02' }) })).body.code).toBe('PLEDGE_TIME_INVALID');
    expect((await t.request('POST', url, { token: tok.principal, body: openRequest({ schoolYear: '2033-2034' }) })).body.code).toBe('PLEDGE_TIME_INVALID');
    expect((await t.request('POST', url, { token: tok.principal, body: openRequest({ grades: [5] }) })).body.code).toBe('PLEDGE_AUDIENCE_INVALID');
    expect((await t.request('POST', url, { token: tok.principal, body: openRequest({ schoolYear: '2030-2031' }) })).body.code).toBe('PLEDGE_EXISTS');

    const opened = await t.request('POST', url, { token: tok.principal, body: openRequest({ studentFromGrade: 4 }) });
    expect(opened.status).toBe(201);
    pledgeId = opened.body.id;
    expect(opened.body).toMatchObject({
      schoolYear: '2031-2032', status: 'open', deadline: '2031-03-20', currentVersion: 1, canManage: true,
      audience: { grades: [], studentFromGrade: 4, requireAllGuardians: false },
      textHash: pledgeTextHash(normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text)),
      versions: [{ number: 1, changeNote: null, publishedOn: '2031-03-03', textHash: opened.body.textHash }],
    });
    expect((await t.request('POST', url, { token: tok.admin, body: openRequest() })).body.code).toBe('PLEDGE_EXISTS');
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: pledgeId } });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([['pledge.opened', ids.a.userIds.principal]]);

    // The worker asks every guardian of the audience once, whatever their number of children.
    await runSends(t);
    for (const g of [mother, father, grandma, outsider]) expect((await messagesTo(g.userId)).map((o) => o.title)).toEqual(['2031-2032学年防范校园欺凌承诺书']);
  });

  it('a guardian reads the pledge for each child: the young part for 三年级, the child signs from 四年级', async () => {
    const items = await mine(mother);
    expect(items.map((i: any) => [i.student.name, i.status, i.studentPartRequired]).sort()).toEqual([['刘思彤', 'to_sign', false], ['胡梦琪', 'to_sign', true]]);
    const y = await read(mother, young);
    expect(y.status).toBe(200);
    expect(y.body.text.student).toBe(normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text).studentYoung);
    expect(y.body).toMatchObject({ versionNumber: 1, status: 'to_sign', studentPartRequired: false, childConsentNeeded: true, childConsentVersion: expect.any(String) });
    const o = await read(mother, older);
    expect(o.body.text.student).toBe(normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text).student);
    expect(o.body.textHash).toBe(y.body.textHash);
    // Not their child, another family, another school: nothing there.
    expect((await read(outsider, older)).status).toBe(404);
    expect((await read({ token: tok.guardianB }, older)).status).toBe(404);
  });

  it('signing checks the version, the child\'s signature, the consent and the images', async () => {
    expect((await sign(mother, await signBody(older, 2))).body).toMatchObject({ code: 'PLEDGE_VERSION_STALE', details: { versionNumber: 1 } });
    expect((await sign(mother, await signBody(older, 1, { studentSignature: undefined }))).body.code).toBe('PLEDGE_STUDENT_SIGNATURE_REQUIRED');
    expect((await sign(mother, await signBody(young, 1))).body).toMatchObject({ code: 'PLEDGE_SIGNATURE_INVALID', details: { part: 'student' } });
    expect((await sign(mother, await signBody(older, 1, { childConsentVersion: undefined }))).body).toMatchObject({ code: 'CONSENT_REQUIRED', details: { consentVersion: expect.any(String) } });
    const blank = Buffer.from('not a png').toString('base64');
    expect((await sign(mother, await signBody(older, 1, { studentSignature: blank }))).body).toMatchObject({ code: 'PLEDGE_SIGNATURE_INVALID', details: { part: 'student' } });
    expect((await sign(outsider, await signBody(older, 1))).status).toBe(404);
    // Not base64 as an encoder writes it (a space, the url-safe alphabet, set unused bits): 400 naming the field.
    const good = (await signBody(older, 1)).guardianSignature;
    for (const guardianSignature of [`${good.slice(0, 40)} ${good.slice(40)}`, good.replace(/\+/g, '-').replace(/\//g, '_'), 'QR==']) {
      const res = await sign(mother, await signBody(older, 1, { guardianSignature }));
      expect([res.status, res.body.code, res.body.details]).toEqual([400, 'VALIDATION_FAILED', [{ field: 'guardianSignature', problems: ['签名应为 base64 编码的 PNG'] }]]);
    }
    expect(await t.ds.getRepository(PledgeSignatureEntity).count({ where: { pledgeId } })).toBe(0);
  });

  it('a mother of two signs for each child; a retry and a double submission make one signature', async () => {
    const body = await signBody(older, 1, { clientKey: 'older-v1-key' });
    const first = await sign(mother, body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.any(String), signedOn: '2031-03-03', versionNumber: 1, textHash: pledgeTextHash(normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text)) });
    olderSignature = first.body.id;
    const retry = await sign(mother, body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    // The same key for another child is no signature of that child.
    expect((await sign(mother, await signBody(young, 1, { clientKey: 'older-v1-key', studentSignature: undefined }))).status).toBe(409);
    // The consent was recorded with the signature (a day, like every consent), the images are encrypted.
    expect(await t.ds.getRepository(ConsentEntity).count({ where: { userId: mother.userId, kind: 'child_data', studentId: older } })).toBe(1);
    expect((await read(mother, older)).body).toMatchObject({ status: 'signed', childConsentNeeded: false, signatureId: olderSignature, signedOn: '2031-03-03' });
    // Sealed, not audited: the signature waits as a leaf of its day for the day's batch.
    const leaves = await t.ds.getRepository(SealLeafEntity).find({ where: { kind: 'pledge.signature', recordId: olderSignature } });
    expect(leaves).toEqual([expect.objectContaining({ day: '2031-03-03', batchId: null, schoolId: ids.a.schoolId, leafHash: (await signatureLeaves(t.ds.manager, [olderSignature])).get(olderSignature) })]);
    const images = await t.ds.getRepository(PledgeSignatureImageEntity).find({ where: { signatureId: olderSignature } });
    expect(images.map((i) => i.part).sort()).toEqual(['guardian', 'student']);
    expect(images.every((i) => !i.data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))).toBe(true);

    // Two submissions at once for the other child, with two keys: one signature.
    const [a, b] = await Promise.all([sign(mother, await signBody(young, 1, { studentSignature: undefined })), sign(mother, await signBody(young, 1, { studentSignature: undefined }))]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a.body.code, b.body.code]).toContain('PLEDGE_ALREADY_SIGNED');
    // …and two with the same key: both answer the one signature.
    const sameKey = await signBody(young, 1, { studentSignature: undefined, clientKey: 'grandma-double' });
    const [c, d] = await Promise.all([sign(grandma, { ...sameKey, studentId: (await student(t, class3a, '陈浩然')).id }), sign(grandma, { ...sameKey, studentId: (await student(t, class3a, '陈浩然')).id })]);
    expect([c.status, d.status].sort()).toEqual([200, 201]);
    expect(c.body.id).toBe(d.body.id);
    expect(await t.ds.getRepository(PledgeSignatureEntity).count({ where: { pledgeId, studentId: young } })).toBe(1);
    expect(await t.ds.getRepository(PledgeSignatureEntity).count({ where: { pledgeId } })).toBe(3);
    expect((await mine(mother)).map((i: any) => i.status)).toEqual(['signed', 'signed']);
  });

  it('one guardian signs for the child: the father sees it signed and may read the copy; another family may not', async () => {
    const [item] = await mine(father);
    expect(item).toMatchObject({ status: 'signed', signatureId: olderSignature, studentPartRequired: true });
    expect((await sign(father, await signBody(older, 1))).body.code).toBe('PLEDGE_ALREADY_SIGNED');
    const copy = await t.request('GET', `/me/pledges/${pledgeId}/signatures/${olderSignature}`, { token: father.token });
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({
      id: olderSignature, schoolName: '阳光实验小学', schoolYear: '2031-2032', versionNumber: 1, signedOn: '2031-03-03', superseded: false,
      relation: 'mother', relationLabel: '母亲', student: { id: older, name: '胡梦琪', className: '四年级1班' },
    });
    expect(copy.body.guardianSignature).toMatch(PNG_DATA_URL);
    expect(copy.body.studentSignature).toMatch(PNG_DATA_URL);
    expect(copy.body.text.student).toBe(normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text).student);
    for (const other of [outsider, grandma, { token: tok.guardianB }, { token: tok.teacher }]) {
      expect((await t.request('GET', `/me/pledges/${pledgeId}/signatures/${olderSignature}`, { token: other.token })).status).toBe(404);
    }
  });

  it('completion per class, grade and school; a teacher sees only their classes; the missing list', async () => {
    const all = await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.principal });
    expect(all.status).toBe(200);
    expect(all.body.classes.map((c: any) => [c.className, c.students, c.signed, c.superseded, c.missing])).toEqual([
      ['三年级1班', 8, 2, 0, 6], ['三年级2班', 6, 0, 0, 6], ['四年级1班', 6, 1, 0, 5],
    ]);
    expect(all.body.grades.map((g: any) => [g.gradeName, g.gradeNumber, g.students, g.signed])).toEqual([['三年级', 3, 14, 2], ['四年级', 4, 6, 1]]);
    expect(all.body.totals).toEqual({ students: 20, signed: 3, superseded: 0, missing: 17 });
    const mineT = await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.teacher });
    expect(mineT.body.classes.map((c: any) => c.className)).toEqual(['三年级1班']);
    expect(mineT.body.totals).toEqual({ students: 8, signed: 2, superseded: 0, missing: 6 });
    expect((await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.adminB })).status).toBe(404);
    expect((await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.contact })).status).toBe(403);

    const missing = await t.request('GET', `/pledges/${pledgeId}/classes/${class4}/missing`, { token: tok.admin });
    expect(missing.status).toBe(200);
    expect(missing.body.entries.map((e: any) => e.studentName)).not.toContain('胡梦琪');
    expect(missing.body.entries).toHaveLength(5);
    expect(missing.body.entries[0]).toMatchObject({ missing: ['guardian', 'student'], guardians: [] });
    expect(missing.body).toMatchObject({ className: '四年级1班', lastRemindedAt: null, nextRemindAt: null });
    const class3 = await t.request('GET', `/pledges/${pledgeId}/classes/${class3a}/missing`, { token: tok.teacher });
    expect(class3.body.entries.find((e: any) => e.studentName === '赵一诺')).toMatchObject({ missing: ['guardian'], guardians: [{ relation: 'father', relationLabel: '父亲', signed: false }] });
    expect((await t.request('GET', `/pledges/${pledgeId}/classes/${class4}/missing`, { token: tok.teacher })).status).toBe(403);
    expect((await t.request('GET', `/pledges/${pledgeId}/classes/${ids.b.classIds[0]}/missing`, { token: tok.principal })).status).toBe(404);
    expect((await t.request('GET', `/pledges/${pledgeId}/classes/${class4}/missing`, { token: tok.adminB })).status).toBe(404);
  });

  it('the class reminder reaches only guardians with something to sign, once per 24 hours', async () => {
    const url = `/pledges/${pledgeId}/classes/${class3a}/remind`;
    expect((await t.request('POST', `/pledges/${pledgeId}/classes/${class4}/remind`, { token: tok.teacher })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.adminB })).status).toBe(404);
    const res = await t.request('POST', url, { token: tok.teacher });
    expect(res.status).toBe(200);
    // 三年级1班 on the new pledge: the demo letter's three guardians and the demo guardian; not the mother nor the grandmother (signed).
    expect(res.body.reminded).toBe(4);
    const reminders = (await t.ds.getRepository(OutboxEntity).find({ where: { template: 'pledge.sign' } })).filter((o) => o.dedupeKey.startsWith(`pledge:${pledgeId}:remind:`));
    expect(reminders).toHaveLength(4);
    expect(reminders.map((o) => o.recipientUserId)).not.toContain(mother.userId);
    expect(reminders.map((o) => o.recipientUserId)).not.toContain(grandma.userId);
    expect(reminders.map((o) => o.recipientUserId)).toContain(ids.a.userIds.guardian);

    const again = await t.request('POST', url, { token: tok.principal });
    expect(again.status).toBe(429);
    expect(again.body.code).toBe('PLEDGE_REMIND_TOO_SOON');
    const near = (iso: string, at: number) => Math.abs(Date.parse(iso) - at) < 10_000;
    expect(near(again.body.details.nextRemindAt, t.clock.now().getTime() + 24 * HOUR)).toBe(true);
    const missing = await t.request('GET', `/pledges/${pledgeId}/classes/${class3a}/missing`, { token: tok.teacher });
    expect(near(missing.body.lastRemindedAt, t.clock.now().getTime())).toBe(true);
    expect(missing.body.nextRemindAt).toBe(again.body.details.nextRemindAt);
    t.clock.advance(23 * HOUR);
    expect((await t.request('POST', url, { token: tok.teacher })).status).toBe(429);
    t.clock.advance(HOUR);
    expect((await t.request('POST', url, { token: tok.teacher })).body.reminded).toBe(4);
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: pledgeId, action: 'pledge.reminded' } });
    expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ classId: class3a, guardians: 4, round: 1 }), expect.objectContaining({ round: 2 })]);
  });

  it('a new version supersedes the signatures; those guardians are asked to sign again and see what changed', async () => {
    const v1 = normalizePledgeText(DEFAULT_PLEDGE_TEMPLATE.text);
    const v2 = { ...v1, guardian: `${v1.guardian}\n\n六、每学期至少和孩子聊一次在学校和同学相处的情况。` };
    const url = `/pledges/${pledgeId}/versions`;
    expect((await t.request('POST', url, { token: tok.teacher, body: { text: v2, changeNote: '增加一条' } })).status).toBe(403);
    expect((await t.request('POST', url, { token: tok.principal, body: { text: v2 } })).status).toBe(400);
    expect((await t.request('POST', url, { token: tok.principal, body: { text: v1, changeNote: '没有改' } })).body.code).toBe('PLEDGE_TEXT_UNCHANGED');
    const res = await t.request('POST', url, { token: tok.principal, body: { text: v2, changeNote: '家长承诺增加第六条' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ currentVersion: 2, textHash: pledgeTextHash(v2), versions: [{ number: 1 }, { number: 2, changeNote: '家长承诺增加第六条', publishedOn: '2031-03-04' }] });

    // Kept on record, superseded.
    expect(await t.ds.getRepository(PledgeSignatureEntity).count({ where: { pledgeId } })).toBe(3);
    const copy = await t.request('GET', `/me/pledges/${pledgeId}/signatures/${olderSignature}`, { token: mother.token });
    expect(copy.body).toMatchObject({ superseded: true, versionNumber: 1 });
    expect((await mine(mother)).map((i: any) => i.status)).toEqual(['resign', 'resign']);
    const detail = await read(mother, older);
    expect(detail.body).toMatchObject({ status: 'resign', versionNumber: 2, signedVersionNumber: 1, changeNote: '家长承诺增加第六条', signatureId: olderSignature });
    expect(detail.body.changes.filter((c: any) => c.op !== 'same')).toEqual([{ op: 'added', text: '六、每学期至少和孩子聊一次在学校和同学相处的情况。' }]);
    const completion = (await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.principal })).body;
    expect(completion.totals).toEqual({ students: 20, signed: 0, superseded: 3, missing: 17 });

    // The version's round asks those who signed an older version (both of 胡梦琪's guardians, the grandmother), no one else.
    await runSends(t);
    const resign = (await t.ds.getRepository(OutboxEntity).find({ where: { template: 'pledge.sign' } })).filter((o) => o.dedupeKey.startsWith(`pledge:${pledgeId}:v2:`));
    expect(resign.map((o) => o.recipientUserId).sort()).toEqual([mother.userId, father.userId, grandma.userId].sort());
    expect(resign[0].title).toBe('防欺凌承诺书已更新');

    // Signing the old version now is stale; the new one is signed again (the consent is not asked twice).
    expect((await sign(mother, await signBody(older, 1))).body.code).toBe('PLEDGE_VERSION_STALE');
    const again = await sign(mother, await signBody(older, 2, { childConsentVersion: undefined }));
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ versionNumber: 2, textHash: pledgeTextHash(v2), signedOn: '2031-03-04' });
    expect((await t.request('GET', `/pledges/${pledgeId}/completion`, { token: tok.principal })).body.totals).toEqual({ students: 20, signed: 1, superseded: 2, missing: 17 });
    const audit = await t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: pledgeId }, order: { seq: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual(['pledge.opened', 'pledge.reminded', 'pledge.reminded', 'pledge.version_published']);
  });

  it('signatures are sealed in day batches naming no one; no audit entry names a guardian; the chain verifies', async () => {
    t.clock.advance(24 * HOUR);
    const { sealed } = await t.get(SealJob).sealDue();
    expect(sealed.length).toBeGreaterThan(0);
    const leaves = await t.ds.getRepository(SealLeafEntity).find({ where: { kind: 'pledge.signature' } });
    expect(leaves.length).toBe(4);
    expect(leaves.every((l) => l.batchId !== null)).toBe(true);
    expect((await t.get(AuditVerifier).verify(ids.a.schoolId)).ok).toBe(true);
    const entries = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId } });
    expect(entries.map((e) => e.action)).toContain('audit.receipts_sealed');
    for (const g of [mother, father, grandma, outsider]) expect(JSON.stringify(entries)).not.toContain(g.userId);
  });
});
