import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { CHILD_DATA_CONSENT_VERSION, formatDate, normalizePledgeText, pledgeTextHash, schoolYearLabel, type PledgeText, type Relation } from '@anxin/shared';
import { allowWechat, signIn, type SignedIn } from './support/consent';
import { demoServer } from './support/demo-server';
import { devLogin } from './support/http';
import { describeOnEngines, waitFor } from './support/server-process';
import { strokePng } from '../../server/test/support/stroke-png';

const DAY = 24 * 3600_000;
const PLEDGE_TEMPLATE = 'dev-pledge-sign';
const PNG_DATA_URL = /^data:image\/png;base64,iVBORw0KGgo/;

const guardianPng = () => strokePng('M10 70 C 60 10, 120 90, 170 40 S 260 60, 290 20');
const childPng = () => strokePng('M8 60 L 60 12 L 110 64 L 190 20', { colour: '#a33' });
/** A PNG of the right size with no stroke at all (fully transparent). */
const blankPng = () => sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
/** A real stroke cut short: the header is a PNG's, the image data is not whole. */
const corruptPng = async () => {
  const png = await guardianPng();
  return png.subarray(0, Math.floor(png.length * 0.6));
};
const b64 = (png: Buffer) => png.toString('base64');
const newKey = () => randomUUID().replace(/-/g, '');

/**
 * The annual anti-bullying pledge over HTTP against a real server process (demo seed, worker on, fake WeChat server):
 * the principal opens next school year's pledge (the child signs from 四年级); a mother of two signs for both children;
 * double submissions make one signature; completion and the missing lists follow each step; the class teacher's
 * one-tap reminder reaches only the guardians who have not signed, once per 24 hours; a new version supersedes the
 * signatures and its guardians sign again after reading what changed; every pledge route refuses whoever may not use
 * it; a signature verifies, before and after its day is sealed.
 */
describeOnEngines(['sqlite', 'mariadb'], 'pledge flow over HTTP', (engine) => {
  const demo = demoServer(engine);
  const { call, login } = demo;

  const tok = {} as Record<'principal' | 'admin' | 'teacher' | 'guardian' | 'adminB', string>; // adminB: school b's admin
  let schoolId: string;
  const classIds: Record<'三年级1班' | '三年级2班' | '四年级1班', string> = { 三年级1班: '', 三年级2班: '', 四年级1班: '' };
  const studentIds: Record<string, string> = {};
  let teacherOf4: SignedIn; // a teacher of 四年级1班 only, invited by the school admin
  let mother: SignedIn; // 刘思彤 (三年级1班) and 胡梦琪 (四年级1班)
  let father: SignedIn; // 胡梦琪 too
  let grandma: SignedIn; // 陈浩然 (三年级1班)
  let otherFamily: SignedIn; // 徐可馨 (三年级2班)
  const texts: { v1?: PledgeText; v2?: PledgeText } = {};
  let schoolYear: string;
  let pledgeId: string;
  const signatures: Record<string, string> = {}; // by child and version: '胡梦琪 v1'
  let huV1Body: Record<string, unknown>;

  beforeAll(async () => {
    for (const role of ['principal', 'admin', 'teacher', 'guardian'] as const) tok[role] = await login(role);
    tok.adminB = await devLogin(demo.url, 'admin', 'b');
    schoolId = (await call('GET', '/me', { token: tok.principal })).body.roles.find((r: any) => r.role === 'principal').schoolId;
    // No quiet hours at this school, so messages reach WeChat whatever time of day the test runs.
    expect((await call('PUT', `/schools/${schoolId}/notice-settings`, { token: tok.principal, body: { quietHours: { start: '00:00', end: '00:00' } } })).status).toBe(200);
    for (const c of (await call('GET', `/schools/${schoolId}/classes`, { token: tok.principal })).body) {
      classIds[`${c.gradeName}${c.name}` as keyof typeof classIds] = c.id;
      for (const s of (await call('GET', `/classes/${c.id}/students`, { token: tok.principal })).body) studentIds[s.name] = s.id;
    }

    [teacherOf4, mother, father, grandma, otherFamily] = await signIn(demo.url, 'pledgee2e', 5);
    const invite = await call('POST', `/schools/${schoolId}/staff-invites`, { token: tok.admin, body: { role: 'teacher', classIds: [classIds.四年级1班] } });
    expect((await call('POST', '/staff-invites/redeem', { token: teacherOf4.token, body: { code: invite.body.code } })).status).toBe(200);

    // Guardians bind as the app does (invite code, the child's full name, the child-data consent); the class teacher
    // approves. The demo guardian's phone is on the roster: approved at once.
    const bind = async (who: string, code: string, child: string, relation: Relation, approver: string | null, phone?: string) => {
      const res = await call('POST', '/bindings', { token: who, body: { inviteCode: code, studentId: studentIds[child], studentName: child, relation, consentVersion: CHILD_DATA_CONSENT_VERSION, ...(phone ? { phone } : {}) } });
      expect(res.status).toBe(201);
      if (approver) expect((await call('POST', `/bindings/${res.body.id}/approve`, { token: approver })).status).toBe(200);
      else expect(res.body.status).toBe('approved');
    };
    await bind(mother.token, 'DEMO3A01', '刘思彤', 'mother', tok.teacher);
    await bind(mother.token, 'DEMO4A01', '胡梦琪', 'mother', teacherOf4.token);
    await bind(father.token, 'DEMO4A01', '胡梦琪', 'father', teacherOf4.token);
    await bind(grandma.token, 'DEMO3A01', '陈浩然', 'grandparent', tok.teacher);
    await bind(otherFamily.token, 'DEMO3A02', '徐可馨', 'mother', tok.principal);
    await bind(tok.guardian, 'DEMO3A01', '王小明', 'mother', null, '13800000001');
    // Each of them turned WeChat reminders for pledges on (a few one-time taps: the opening, a reminder, a new version).
    await allowWechat(demo.url, demo.fake, [mother, father, grandma, otherFamily], ['pledge.sign'], 3);
    await demo.allow('guardian', ['pledge.sign'], 3);
  });

  // ---- helpers

  const titles = { sign: () => `${schoolYear}学年防范校园欺凌承诺书`, resign: () => '防欺凌承诺书已更新', remind: () => '提醒：签署防欺凌承诺书' };
  type Ask = keyof typeof titles;
  /** The pledge messages WeChat accepted for `openid`, of one kind of ask. */
  const messagesTo = (openid: string, ask: Ask) => demo.fake.delivered().filter((m) => m.touser === openid && m.templateId === PLEDGE_TEMPLATE && m.data?.thing1?.value === titles[ask]());
  /** Who received `ask` at the fake WeChat server, sorted. */
  const receivers = (ask: Ask) => [...new Set(demo.fake.delivered().filter((m) => m.templateId === PLEDGE_TEMPLATE && m.data?.thing1?.value === titles[ask]()).map((m) => m.touser!))].sort();
  const waitMessages = (openids: string[], ask: Ask) =>
    waitFor(() => openids.every((o) => messagesTo(o, ask).length >= 1), () => `${ask} to ${openids.join(', ')}; got ${JSON.stringify(demo.fake.delivered().map((m) => [m.touser, m.data?.thing1?.value]))}`);

  const sign = (token: string, body: unknown) => call('POST', `/pledges/${pledgeId}/signatures`, { token, body });
  const signBody = async (child: string, versionNumber: number, over: Record<string, unknown> = {}) => ({
    studentId: studentIds[child], versionNumber, guardianSignature: b64(await guardianPng()), clientKey: newKey(), ...over,
  });
  const mine = async (token: string) => (await call('GET', '/me/pledges', { token })).body.items.filter((i: any) => i.pledgeId === pledgeId);
  /** Completion as [name, students, signed, superseded, missing] rows, as the caller sees it. */
  const completion = async (token = tok.principal) => {
    const res = await call('GET', `/pledges/${pledgeId}/completion`, { token });
    expect(res.status).toBe(200);
    const row = (name: string, c: any) => [name, c.students, c.signed, c.superseded, c.missing];
    return { classes: res.body.classes.map((c: any) => row(c.className, c)), grades: res.body.grades.map((g: any) => row(g.gradeName, g)), totals: row('全部', res.body.totals) };
  };
  /** A class's missing list as the caller sees it. */
  const missingIn = async (cls: keyof typeof classIds, token: string) => {
    const res = await call('GET', `/pledges/${pledgeId}/classes/${classIds[cls]}/missing`, { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Child → what is missing ('guardian+student', 'resign', …). */
  const missingParts = (list: any) => Object.fromEntries(list.entries.map((e: any) => [e.studentName, e.missing.join('+')]));
  /** A class's signatures (the newest version signed per child) as [child, relation, version, child signed, superseded]. */
  const classSignatures = async (cls: keyof typeof classIds, token: string) => {
    const res = await call('GET', `/pledges/${pledgeId}/classes/${classIds[cls]}/signatures`, { token });
    expect(res.status).toBe(200);
    return res.body.signatures.map((s: any) => [s.studentName, s.relation, s.versionNumber, s.studentSigned, s.superseded]);
  };

  // ---- stories

  it('the principal opens next school year\'s pledge; the worker asks every guardian once; nothing is signed yet', async () => {
    const template = await call('GET', '/pledge-templates/default', { token: tok.principal });
    expect(template.status).toBe(200);
    texts.v1 = template.body.text;
    const [start] = schoolYearLabel(formatDate(new Date())).split('-').map(Number);
    schoolYear = `${start + 1}-${start + 2}`;
    const opened = await call('POST', `/schools/${schoolId}/pledges`, {
      token: tok.principal, body: { schoolYear, text: texts.v1, deadline: formatDate(new Date(Date.now() + 30 * DAY)), studentFromGrade: 4 },
    });
    expect(opened.status).toBe(201);
    pledgeId = opened.body.id;
    expect(opened.body).toMatchObject({
      schoolYear, status: 'open', currentVersion: 1, canManage: true, audience: { grades: [], studentFromGrade: 4, requireAllGuardians: false },
      textHash: pledgeTextHash(normalizePledgeText(texts.v1!)), versions: [{ number: 1, changeNote: null }],
    });
    // The class teacher sees it beside the demo pledge of this year, counted over their class only.
    const list = await call('GET', `/schools/${schoolId}/pledges`, { token: tok.teacher });
    expect(list.body.canManage).toBe(false);
    expect(list.body.items.map((i: any) => i.schoolYear)).toEqual([schoolYear, schoolYearLabel(formatDate(new Date()))]);
    expect(list.body.items[0].totals).toEqual({ students: 8, signed: 0, superseded: 0, missing: 8 });

    expect(await completion()).toEqual({
      classes: [['三年级1班', 8, 0, 0, 8], ['三年级2班', 6, 0, 0, 6], ['四年级1班', 6, 0, 0, 6]],
      grades: [['三年级', 14, 0, 0, 14], ['四年级', 6, 0, 0, 6]],
      totals: ['全部', 20, 0, 0, 20],
    });
    // Version 1's round: one message per guardian, the mother of two children included.
    const everyone = [mother.openid, father.openid, grandma.openid, otherFamily.openid, 'demo:guardian'];
    await waitMessages(everyone, 'sign');
    expect(receivers('sign')).toEqual([...everyone].sort());
    for (const openid of everyone) expect(messagesTo(openid, 'sign')).toHaveLength(1);
  });

  it('a mother of two signs for both children: the child signs from 四年级 only; blank or corrupt PNGs are refused', async () => {
    const items = await mine(mother.token);
    expect(items.map((i: any) => [i.student.name, i.student.className, i.status, i.studentPartRequired]).sort()).toEqual([
      ['刘思彤', '三年级1班', 'to_sign', false], ['胡梦琪', '四年级1班', 'to_sign', true],
    ]);
    // What she reads: the younger part for 三年级, the ordinary one for 四年级; the consent was given with the binding.
    const young = await call('GET', `/me/pledges/${pledgeId}?studentId=${studentIds.刘思彤}`, { token: mother.token });
    const older = await call('GET', `/me/pledges/${pledgeId}?studentId=${studentIds.胡梦琪}`, { token: mother.token });
    const text = normalizePledgeText(texts.v1!);
    expect(young.body).toMatchObject({ versionNumber: 1, status: 'to_sign', studentPartRequired: false, childConsentNeeded: false, textHash: pledgeTextHash(text) });
    expect(young.body.text.student).toBe(text.studentYoung);
    expect(older.body).toMatchObject({ versionNumber: 1, status: 'to_sign', studentPartRequired: true, childConsentNeeded: false, textHash: pledgeTextHash(text) });
    expect(older.body.text.student).toBe(text.student);

    // 胡梦琪 (四年级): her own signature is required, and both images must hold a stroke and be whole PNGs.
    const refused = async (body: unknown) => {
      const res = await sign(mother.token, body);
      return [res.status, res.body.code, res.body.details?.part];
    };
    expect(await refused(await signBody('胡梦琪', 1))).toEqual([422, 'PLEDGE_STUDENT_SIGNATURE_REQUIRED', undefined]);
    expect(await refused(await signBody('胡梦琪', 1, { studentSignature: b64(await blankPng()) }))).toEqual([422, 'PLEDGE_SIGNATURE_INVALID', 'student']);
    expect(await refused(await signBody('胡梦琪', 1, { studentSignature: b64(await corruptPng()) }))).toEqual([422, 'PLEDGE_SIGNATURE_INVALID', 'student']);
    expect(await refused(await signBody('胡梦琪', 1, { guardianSignature: b64(await blankPng()), studentSignature: b64(await childPng()) }))).toEqual([422, 'PLEDGE_SIGNATURE_INVALID', 'guardian']);
    expect(await refused(await signBody('胡梦琪', 1, { guardianSignature: b64(await corruptPng()), studentSignature: b64(await childPng()) }))).toEqual([422, 'PLEDGE_SIGNATURE_INVALID', 'guardian']);
    // The guardian's as the pad hands it over (a data URL), the child's as base64.
    huV1Body = await signBody('胡梦琪', 1, { guardianSignature: `data:image/png;base64,${b64(await guardianPng())}`, studentSignature: b64(await childPng()) });
    const hu = await sign(mother.token, huV1Body);
    expect(hu.status).toBe(201);
    expect(hu.body).toEqual({ id: expect.any(String), signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), versionNumber: 1, textHash: pledgeTextHash(text) });
    signatures['胡梦琪 v1'] = hu.body.id;

    // 刘思彤 (三年级): no child's signature is asked, and one sent is refused.
    expect(await refused(await signBody('刘思彤', 1, { studentSignature: b64(await childPng()) }))).toEqual([422, 'PLEDGE_SIGNATURE_INVALID', 'student']);
    const liu = await sign(mother.token, await signBody('刘思彤', 1));
    expect(liu.status).toBe(201);
    signatures['刘思彤 v1'] = liu.body.id;

    expect((await mine(mother.token)).map((i: any) => [i.student.name, i.status, i.signatureId]).sort()).toEqual([
      ['刘思彤', 'signed', signatures['刘思彤 v1']], ['胡梦琪', 'signed', signatures['胡梦琪 v1']],
    ]);
    // Her signed copies: both images for 胡梦琪, the guardian's alone for 刘思彤.
    const copy = await call('GET', `/me/pledges/${pledgeId}/signatures/${signatures['胡梦琪 v1']}`, { token: mother.token });
    expect(copy.body).toMatchObject({ versionNumber: 1, superseded: false, relation: 'mother', student: { name: '胡梦琪', className: '四年级1班' }, signedOn: hu.body.signedOn });
    expect(copy.body.guardianSignature).toMatch(PNG_DATA_URL);
    expect(copy.body.studentSignature).toMatch(PNG_DATA_URL);
    expect((await call('GET', `/me/pledges/${pledgeId}/signatures/${signatures['刘思彤 v1']}`, { token: mother.token })).body.studentSignature).toBeNull();
  });

  it('a double submission makes one signature: the same clientKey again or twice at once, two keys at once, a second guardian', async () => {
    // The mother's retry of the same request (a dropped connection): the same signature, 200.
    const retry = await sign(mother.token, huV1Body);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(signatures['胡梦琪 v1']);
    // The grandmother taps twice: the same key, at once.
    const sameKey = await signBody('陈浩然', 1);
    const [a, b] = await Promise.all([sign(grandma.token, sameKey), sign(grandma.token, sameKey)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    signatures['陈浩然 v1'] = a.body.id;
    // Another family sends two attempts (two keys) at once: one signs, the other is refused.
    const [c, d] = await Promise.all([sign(otherFamily.token, await signBody('徐可馨', 1)), sign(otherFamily.token, await signBody('徐可馨', 1))]);
    expect([c, d].map((r) => [r.status, r.body.code ?? null]).sort()).toEqual([[201, null], [409, 'PLEDGE_ALREADY_SIGNED']]);
    signatures['徐可馨 v1'] = (c.status === 201 ? c : d).body.id;
    // The father: his child is signed for (one signature per child), and his own attempt is refused.
    expect(await mine(father.token)).toEqual([expect.objectContaining({ status: 'signed', signatureId: signatures['胡梦琪 v1'] })]);
    expect((await sign(father.token, await signBody('胡梦琪', 1, { studentSignature: b64(await childPng()) }))).body.code).toBe('PLEDGE_ALREADY_SIGNED');

    // The staff's list of each class: one signature per child, nothing from the refused attempts.
    expect(await classSignatures('三年级1班', tok.teacher)).toEqual([['陈浩然', 'grandparent', 1, false, false], ['刘思彤', 'mother', 1, false, false]]);
    expect(await classSignatures('三年级2班', tok.principal)).toEqual([['徐可馨', 'mother', 1, false, false]]);
    expect(await classSignatures('四年级1班', teacherOf4.token)).toEqual([['胡梦琪', 'mother', 1, true, false]]);
  });

  it('completion per class, grade and school, and the class teacher\'s missing list', async () => {
    expect(await completion()).toEqual({
      classes: [['三年级1班', 8, 2, 0, 6], ['三年级2班', 6, 1, 0, 5], ['四年级1班', 6, 1, 0, 5]],
      grades: [['三年级', 14, 3, 0, 11], ['四年级', 6, 1, 0, 5]],
      totals: ['全部', 20, 4, 0, 16],
    });
    // Each teacher: their own class alone.
    expect(await completion(tok.teacher)).toEqual({ classes: [['三年级1班', 8, 2, 0, 6]], grades: [['三年级', 8, 2, 0, 6]], totals: ['全部', 8, 2, 0, 6] });
    expect(await completion(teacherOf4.token)).toEqual({ classes: [['四年级1班', 6, 1, 0, 5]], grades: [['四年级', 6, 1, 0, 5]], totals: ['全部', 6, 1, 0, 5] });

    // 三年级1班: the six children nobody signed for, by name, with their guardians (the demo letter's and the demo guardian).
    const class3 = await missingIn('三年级1班', tok.teacher);
    expect(class3).toMatchObject({ className: '三年级1班', lastRemindedAt: null, nextRemindAt: null });
    expect(class3.entries.map((e: any) => [e.studentName, e.missing, e.guardians.map((g: any) => `${g.relationLabel}${g.signed ? '已签' : '未签'}`)])).toEqual([
      ['黄俊熙', ['guardian'], []], ['李雨涵', ['guardian'], ['父亲未签']], ['王小明', ['guardian'], ['母亲未签']],
      ['杨梓萱', ['guardian'], []], ['张子轩', ['guardian'], ['母亲未签']], ['赵一诺', ['guardian'], ['父亲未签']],
    ]);
    // 四年级1班: the child signs too, so both parts are missing for the five others.
    const class4 = await missingIn('四年级1班', teacherOf4.token);
    expect(class4.entries).toHaveLength(5);
    expect(class4.entries.map((e: any) => e.studentName)).not.toContain('胡梦琪');
    expect(new Set(class4.entries.map((e: any) => e.missing.join('+')))).toEqual(new Set(['guardian+student']));
  });

  it('the class teacher\'s one-tap reminder reaches only the guardians who have not signed, and not again within 24 hours', async () => {
    const url = `/pledges/${pledgeId}/classes/${classIds.三年级1班}/remind`;
    const res = await call('POST', url, { token: tok.teacher });
    expect(res.status).toBe(200);
    // 三年级1班: the demo letter's three guardians and the demo guardian; not the mother nor the grandmother (signed).
    expect(res.body.reminded).toBe(4);
    // The inbox copies are written with the reminder: the signed guardians have none.
    const reminderInInbox = async (token: string) => (await call('GET', '/me/inbox', { token })).body.items.filter((i: any) => i.title === titles.remind()).length;
    expect(await reminderInInbox(tok.guardian)).toBe(1);
    expect(await reminderInInbox(mother.token)).toBe(0);
    expect(await reminderInInbox(grandma.token)).toBe(0);
    // At WeChat: the demo guardian (the only one of them who allowed the template) and nobody else.
    await waitMessages(['demo:guardian'], 'remind');
    expect(receivers('remind')).toEqual(['demo:guardian']);

    // Again within 24 hours: refused, by the teacher or anyone else, with when it may be next.
    for (const token of [tok.teacher, tok.principal]) {
      const again = await call('POST', url, { token });
      expect(again.status).toBe(429);
      expect(again.body).toMatchObject({ code: 'PLEDGE_REMIND_TOO_SOON', details: { nextRemindAt: res.body.nextRemindAt } });
    }
    const class3 = await missingIn('三年级1班', tok.teacher);
    expect(class3.nextRemindAt).toBe(res.body.nextRemindAt);
    expect(Date.parse(class3.nextRemindAt) - Date.parse(class3.lastRemindedAt)).toBe(DAY);
    // 四年级1班 has nobody left to ask (胡梦琪 is signed for, the others have no guardian bound): nothing is sent and
    // the 24 hours do not start.
    expect((await call('POST', `/pledges/${pledgeId}/classes/${classIds.四年级1班}/remind`, { token: teacherOf4.token })).body).toEqual({ reminded: 0, nextRemindAt: null });
    expect(messagesTo(father.openid, 'remind')).toHaveLength(0);
    expect(receivers('remind')).toEqual(['demo:guardian']);
  });

  it('a new version supersedes the signatures; the guardians see what changed, sign again, and the counts follow', async () => {
    const text = normalizePledgeText(texts.v1!);
    const v2: PledgeText = texts.v2 = { ...text, guardian: `${text.guardian}\n\n六、每学期至少和孩子聊一次在学校和同学相处的情况。` };
    const url = `/pledges/${pledgeId}/versions`;
    expect((await call('POST', url, { token: tok.principal, body: { text, changeNote: '没有改' } })).body.code).toBe('PLEDGE_TEXT_UNCHANGED');
    const published = await call('POST', url, { token: tok.principal, body: { text: v2, changeNote: '家长承诺增加第六条' } });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ currentVersion: 2, textHash: pledgeTextHash(v2), versions: [{ number: 1, changeNote: null }, { number: 2, changeNote: '家长承诺增加第六条' }] });

    // Kept, marked superseded; every family that signed is asked again.
    expect(await classSignatures('三年级1班', tok.teacher)).toEqual([['陈浩然', 'grandparent', 1, false, true], ['刘思彤', 'mother', 1, false, true]]);
    expect((await call('GET', `/me/pledges/${pledgeId}/signatures/${signatures['胡梦琪 v1']}`, { token: mother.token })).body).toMatchObject({ versionNumber: 1, superseded: true });
    expect((await mine(mother.token)).map((i: any) => [i.student.name, i.status, i.versionNumber]).sort()).toEqual([['刘思彤', 'resign', 2], ['胡梦琪', 'resign', 2]]);
    const detail = await call('GET', `/me/pledges/${pledgeId}?studentId=${studentIds.胡梦琪}`, { token: mother.token });
    expect(detail.body).toMatchObject({ status: 'resign', versionNumber: 2, signedVersionNumber: 1, changeNote: '家长承诺增加第六条', signatureId: signatures['胡梦琪 v1'] });
    expect(detail.body.changes.filter((c: any) => c.op !== 'same')).toEqual([{ op: 'added', text: '六、每学期至少和孩子聊一次在学校和同学相处的情况。' }]);
    expect(await completion()).toEqual({
      classes: [['三年级1班', 8, 0, 2, 6], ['三年级2班', 6, 0, 1, 5], ['四年级1班', 6, 0, 1, 5]],
      grades: [['三年级', 14, 0, 3, 11], ['四年级', 6, 0, 1, 5]],
      totals: ['全部', 20, 0, 4, 16],
    });
    expect(missingParts(await missingIn('三年级1班', tok.teacher))).toMatchObject({ 刘思彤: 'resign', 陈浩然: 'resign', 王小明: 'guardian' });
    // The version's round: the guardians of every child signed for before (the father too), not the demo guardian.
    const signers = [mother.openid, father.openid, grandma.openid, otherFamily.openid];
    await waitMessages(signers, 'resign');
    expect(receivers('resign')).toEqual([...signers].sort());

    // Signing what she read before is stale; she signs the new version for both (胡梦琪 signs again too).
    expect((await sign(mother.token, await signBody('刘思彤', 1))).body).toMatchObject({ code: 'PLEDGE_VERSION_STALE', details: { versionNumber: 2 } });
    expect((await sign(mother.token, await signBody('胡梦琪', 2))).body.code).toBe('PLEDGE_STUDENT_SIGNATURE_REQUIRED');
    const hu = await sign(mother.token, await signBody('胡梦琪', 2, { studentSignature: b64(await childPng()) }));
    const liu = await sign(mother.token, await signBody('刘思彤', 2));
    expect([hu.status, liu.status]).toEqual([201, 201]);
    expect(hu.body).toMatchObject({ versionNumber: 2, textHash: pledgeTextHash(v2) });
    signatures['胡梦琪 v2'] = hu.body.id;
    signatures['刘思彤 v2'] = liu.body.id;
    expect((await mine(mother.token)).map((i: any) => i.status)).toEqual(['signed', 'signed']);
    expect(await mine(father.token)).toEqual([expect.objectContaining({ status: 'signed', signatureId: signatures['胡梦琪 v2'] })]);
    expect(await mine(grandma.token)).toEqual([expect.objectContaining({ status: 'resign', signatureId: signatures['陈浩然 v1'] })]);

    expect(await completion()).toEqual({
      classes: [['三年级1班', 8, 1, 1, 6], ['三年级2班', 6, 0, 1, 5], ['四年级1班', 6, 1, 0, 5]],
      grades: [['三年级', 14, 1, 2, 11], ['四年级', 6, 1, 0, 5]],
      totals: ['全部', 20, 2, 2, 16],
    });
    const class3 = missingParts(await missingIn('三年级1班', tok.teacher));
    expect(class3).not.toHaveProperty('刘思彤');
    expect(class3).toMatchObject({ 陈浩然: 'resign' });
    expect(Object.keys(class3)).toHaveLength(7);
  });

  it('every pledge route refuses whoever may not use it: another class 403, another family 404, another school 403/404, anonymous 401', async () => {
    const c3 = classIds.三年级1班;
    const sid = signatures['刘思彤 v2']; // a signature of 三年级1班, made by the mother
    const openBody = { schoolYear, text: texts.v1, deadline: formatDate(new Date(Date.now() + 30 * DAY)) };
    const signAgain = await signBody('刘思彤', 2);
    const callers = { anonymous: null, otherClassTeacher: teacherOf4.token, otherFamily: otherFamily.token, otherSchool: tok.adminB };
    const allowed = { principal: tok.principal, teacher: tok.teacher, mother: mother.token };
    type Row = [method: string, path: string, allowed: [keyof typeof allowed, number, string?], denied: Partial<Record<keyof typeof callers, number>>, body?: unknown];
    // The allowed caller proves the route is there and lets them through (a refusal of the request itself: 409, 422,
    // 429, where a 2xx would change the pledge). The default text is no school's record: another school's principal may read it.
    const rows: Row[] = [
      ['GET', '/pledge-templates/default', ['principal', 200], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403 }],
      ['GET', `/schools/${schoolId}/pledges`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 200, otherFamily: 403, otherSchool: 404 }],
      ['POST', `/schools/${schoolId}/pledges`, ['principal', 409, 'PLEDGE_EXISTS'], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }, openBody],
      ['GET', `/pledges/${pledgeId}`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 200, otherFamily: 403, otherSchool: 404 }],
      ['POST', `/pledges/${pledgeId}/versions`, ['principal', 422, 'PLEDGE_TEXT_UNCHANGED'], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }, { text: texts.v2, changeNote: '矩阵' }],
      ['GET', `/pledges/${pledgeId}/completion`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 200, otherFamily: 403, otherSchool: 404 }],
      ['GET', `/pledges/${pledgeId}/classes/${c3}/missing`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }],
      ['POST', `/pledges/${pledgeId}/classes/${c3}/remind`, ['teacher', 429, 'PLEDGE_REMIND_TOO_SOON'], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }],
      ['GET', `/pledges/${pledgeId}/ledger.xlsx`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 200, otherFamily: 403, otherSchool: 404 }],
      ['GET', `/pledges/${pledgeId}/classes/${c3}/signatures`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }],
      ['GET', `/pledges/${pledgeId}/classes/${c3}/signatures.zip`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }],
      ['GET', `/pledges/${pledgeId}/signatures/${sid}.pdf`, ['teacher', 200], { anonymous: 401, otherClassTeacher: 403, otherFamily: 403, otherSchool: 404 }],
      ['GET', `/pledges/${pledgeId}/signatures/${sid}/verify`, ['mother', 200], { anonymous: 401, otherClassTeacher: 403, otherFamily: 404, otherSchool: 404 }],
      ['GET', '/me/pledges', ['mother', 200], { anonymous: 401 }],
      ['GET', `/me/pledges/${pledgeId}?studentId=${studentIds.刘思彤}`, ['mother', 200], { anonymous: 401, otherClassTeacher: 404, otherFamily: 404, otherSchool: 404 }],
      ['POST', `/pledges/${pledgeId}/signatures`, ['mother', 409, 'PLEDGE_ALREADY_SIGNED'], { anonymous: 401, otherClassTeacher: 404, otherFamily: 404, otherSchool: 404 }, signAgain],
      ['GET', `/me/pledges/${pledgeId}/signatures/${sid}`, ['mother', 200], { anonymous: 401, otherClassTeacher: 404, otherFamily: 404, otherSchool: 404 }],
      ['GET', `/me/pledges/${pledgeId}/signatures/${sid}.pdf`, ['mother', 200], { anonymous: 401, otherClassTeacher: 404, otherFamily: 404, otherSchool: 404 }],
    ];
    const wrong: string[] = [];
    for (const [method, path, [who, status, code], denied, body] of rows) {
      const ok = await call(method, path, { token: allowed[who], body });
      if (ok.status !== status || (code && ok.body?.code !== code)) wrong.push(`${method} ${path} as ${who}: ${ok.status} (expected ${status} ${code ?? ''}) ${ok.text.slice(0, 200)}`);
      for (const [caller, expected] of Object.entries(denied) as [keyof typeof callers, number][]) {
        const res = await call(method, path, { token: callers[caller], body });
        if (res.status !== expected) wrong.push(`${method} ${path} as ${caller}: ${res.status} (expected ${expected}) ${res.text.slice(0, 200)}`);
        else if (expected === 401 && res.body?.code !== 'UNAUTHENTICATED') wrong.push(`${method} ${path} anonymous: code ${res.body?.code}`);
      }
    }
    expect(wrong).toEqual([]);
    // The routes other callers may use answer them with their own data only.
    expect(await mine(otherFamily.token)).toEqual([expect.objectContaining({ student: expect.objectContaining({ name: '徐可馨' }) })]);
    expect(await mine(teacherOf4.token)).toEqual([]);
    expect((await call('GET', `/me/pledges/${pledgeId}/signatures/${signatures['胡梦琪 v2']}`, { token: father.token })).status).toBe(200); // the family
    expect((await call('GET', `/me/pledges/${pledgeId}/signatures/${signatures['徐可馨 v1']}`, { token: mother.token })).status).toBe(404); // another family
    expect((await completion(teacherOf4.token)).classes.map((c: any) => c[0])).toEqual(['四年级1班']);
    // Nothing above signed, published or reminded anything.
    expect((await call('GET', `/pledges/${pledgeId}`, { token: tok.principal })).body.currentVersion).toBe(2);
    expect((await completion()).totals).toEqual(['全部', 20, 2, 2, 16]);
  });

  it('verify answers ok for a real signature: the text hash recomputed, waiting for its day\'s seal, then sealed', async () => {
    const detail = (await call('GET', `/pledges/${pledgeId}`, { token: tok.principal })).body;
    const verify = (sid: string, token: string) => call('GET', `/pledges/${pledgeId}/signatures/${sid}/verify`, { token });
    // The signer, the other guardian of the child, the class teacher and the principal: the same answer.
    for (const [sid, token] of [[signatures['刘思彤 v2'], mother.token], [signatures['胡梦琪 v2'], father.token], [signatures['刘思彤 v2'], tok.teacher], [signatures['胡梦琪 v2'], tok.principal]]) {
      const res = await verify(sid, token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ signatureId: sid, versionNumber: 2, ok: true, textHashMatches: true, sealed: null, proof: null, sealsAfter: expect.any(String) });
      // The hash the server recomputes is the one this test computes from the version's text.
      expect(res.body.recomputedTextHash).toBe(pledgeTextHash(detail.text));
      expect(res.body.textHash).toBe(res.body.recomputedTextHash);
    }
    // A superseded signature still verifies against its own version's text.
    const old = await verify(signatures['陈浩然 v1'], grandma.token);
    expect(old.body).toMatchObject({ versionNumber: 1, ok: true, textHashMatches: true, textHash: pledgeTextHash(normalizePledgeText(texts.v1!)) });

    // Once the day is over the worker seals it: the same leaf, now with its Merkle path.
    const waiting = (await verify(signatures['刘思彤 v2'], mother.token)).body;
    expect((await demo.moveClock(Date.parse(waiting.sealsAfter) - Date.now() + 60_000)).status).toBeLessThan(300);
    let sealed: any;
    await waitFor(async () => (sealed = (await verify(signatures['刘思彤 v2'], mother.token)).body).sealed !== null, () => `verify: ${JSON.stringify(sealed)}`);
    expect(sealed).toMatchObject({ sealed: true, ok: true, textHashMatches: true, sealsAfter: null, leafHash: waiting.leafHash });
    expect(sealed.proof).toMatchObject({ kind: 'pledge.signature', recordId: signatures['刘思彤 v2'], leafHash: waiting.leafHash, path: expect.any(Array) });
  });
});
