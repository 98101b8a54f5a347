import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import sharp from 'sharp';
import { CHILD_DATA_CONSENT_VERSION, formatDate, shanghaiHourOn, type NoticeBody } from '@anxin/shared';
import { allowWechat, signIn, type SignedIn } from './support/consent';
import { DeliveryDb } from './support/delivery-db';
import { demoServer } from './support/demo-server';
import { devLogin } from './support/http';
import { describeOnEngines, SERVER_MAIN, waitFor } from './support/server-process';
import { strokePng } from '../../server/test/support/stroke-png';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const PUBLISHED = 'dev-notice-published';
const WARNING = 'dev-notice-warning';

const BODY: NoticeBody = {
  version: 1,
  blocks: [
    { type: 'heading', text: '期中家长会' },
    { type: 'paragraph', spans: [{ text: '本周五下午三点在三年级1班教室召开家长会，' }, { text: '请准时参加', bold: true }, { text: '。' }] },
  ],
};
const QUESTION = { kind: 'single' as const, prompt: '您是否参加周五的家长会？', options: ['参加', '不参加'] };

/** A handwritten signature as the app's pad exports it: one dark stroke on a transparent background. */
function signature(): Promise<Buffer> {
  return strokePng('M8 64 Q 60 4, 120 40 T 232 20', { width: 240, height: 80, colour: '#1b2a3a' });
}

/** `node server/dist/cli/audit-verify.js` (what `npm run audit:verify` runs) against the server's database. */
function auditVerify(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [resolve(dirname(SERVER_MAIN), 'cli/audit-verify.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    proc.once('error', fail);
    proc.once('exit', (code) => done({ code, out }));
  });
}

/**
 * Letters home over HTTP against a real server process (demo seed, worker on, the fake WeChat server): a class
 * teacher's letter reaches each guardian of the class once (a mother of two: one receipt naming both children, one
 * message); reading, confirming, signing and answering are recorded and the who-has-not list shrinks; a reminder
 * reaches only those not done, once in 12 hours; a correction and a recall as guardians see them; quiet hours hold a
 * notice but not an urgent warning; a receipt changed in the database after its day was sealed is named by
 * audit:verify; and who may see what.
 *
 * Demo school a's 三年级1班 already has three guardians (the demo letter's, without WeChat consent: their messages
 * stay in the app's inbox). The test's guardians log in through WeChat, bind their children with the class invite
 * code, are approved by the class teacher and allow notice messages.
 */
describeOnEngines(['sqlite', 'mariadb'], 'notices over HTTP', (engine) => {
  const demo = demoServer(engine);
  const { call, login, moveClock } = demo;
  let data: DeliveryDb;
  const tok: Record<string, string> = {};
  let schoolId: string;
  let class1: string; // 三年级1班, the demo teacher's class
  let class2: string; // 三年级2班
  let mother: SignedIn; // 刘思彤 and 陈浩然, both of 三年级1班
  let father: SignedIn; // 杨梓萱
  let grandma: SignedIn; // 黄俊熙
  let outsider: string; // the demo guardian, of 周欣怡 in 三年级2班 only
  let letter: string;
  let motherReceipt: string;
  let correction: string;

  /** The server's clock (moving it by 0 reads it). */
  const clockNow = async () => new Date((await moveClock(0)).body.now);
  /** Moves the server's clock forward to the next `hour`:00 Asia/Shanghai. */
  const moveToShanghaiHour = async (hour: number) => {
    const now = await clockNow();
    let at = shanghaiHourOn(now, hour);
    if (at.getTime() <= now.getTime()) at = new Date(at.getTime() + DAY);
    await moveClock(at.getTime() - now.getTime());
    return at;
  };
  const messages = (noticeId: string, openid?: string) =>
    demo.fake.delivered().filter((m) => m.page?.endsWith(`id=${noticeId}`) && (openid === undefined || m.touser === openid));
  const reminders = (noticeId: string) => messages(noticeId).filter((m) => m.data?.thing1?.value.startsWith('提醒'));
  const describeMessages = () => JSON.stringify(demo.fake.delivered().map((m) => [m.touser, m.templateId, m.page, m.data?.thing1?.value]));
  /** A notice published now (to 三年级1班 unless `over` says otherwise); its id. */
  const publish = async (token: string, over: Record<string, unknown>) => {
    const created = await call('POST', `/schools/${schoolId}/notices`, {
      token, body: { kind: 'notice', title: '关于召开期中家长会的通知', body: BODY, confirmMode: 'confirm', audience: { scope: 'classes', ids: [class1] }, ...over },
    });
    expect(created.status).toBe(201);
    const published = await call('POST', `/notices/${created.body.id}/publish`, { token, body: {} });
    expect(published.status).toBe(200);
    return created.body.id as string;
  };
  const fannedOut = async (noticeId: string) => {
    await waitFor(async () => (await call('GET', `/notices/${noticeId}`, { token: tok.teacher })).body.progress?.done === true,
      async () => JSON.stringify((await call('GET', `/notices/${noticeId}`, { token: tok.teacher })).body.progress));
    return (await call('GET', `/notices/${noticeId}`, { token: tok.teacher })).body;
  };
  const open = (g: SignedIn, id: string) => call('GET', `/me/notices/${id}`, { token: g.token });
  const ack = (g: SignedIn, id: string, body: unknown) => call('POST', `/notices/${id}/ack`, { token: g.token, body });
  const pending = async (id: string) => (await call('GET', `/notices/${id}/classes/${class1}/pending`, { token: tok.teacher })).body;
  const pendingNames = async (id: string) => (await pending(id)).entries.map((e: any) => `${e.studentName}的${e.relationLabel}`).sort();
  const stats = async (id: string) => (await call('GET', `/notices/${id}/stats`, { token: tok.teacher })).body;

  beforeAll(async () => {
    data = await DeliveryDb.open(demo.db.url);
    // 10:00 in Shanghai: school hours, outside the default quiet hours (21:00–07:00), whenever the test runs.
    await moveToShanghaiHour(10);
    for (const role of ['teacher', 'principal']) tok[role] = await login(role);
    tok.teacherB = await devLogin(demo.url, 'teacher', 'b');
    tok.adminB = await devLogin(demo.url, 'admin', 'b');
    schoolId = (await call('GET', '/me', { token: tok.teacher })).body.roles.find((r: any) => r.role === 'teacher').schoolId;
    const composer = (await call('GET', `/schools/${schoolId}/notices/composer`, { token: tok.principal })).body;
    const classes = new Map<string, string>(composer.grades.flatMap((g: any) => g.classes.map((c: any) => [c.name, c.id])));
    [class1, class2] = [classes.get('三年级1班')!, classes.get('三年级2班')!];

    [mother, father, grandma] = await signIn(demo.url, `notices-${engine}`, 3);
    const roster = (await call('GET', `/classes/${class1}/students`, { token: tok.teacher })).body as { id: string; name: string }[];
    const bind = async (g: SignedIn, studentName: string, relation: string) => {
      const requested = await call('POST', '/bindings', {
        token: g.token,
        body: { inviteCode: 'DEMO3A01', studentId: roster.find((s) => s.name === studentName)!.id, studentName, relation, consentVersion: CHILD_DATA_CONSENT_VERSION },
      });
      expect([requested.status, requested.body.status]).toEqual([201, 'pending']);
      expect((await call('POST', `/bindings/${requested.body.id}/approve`, { token: tok.teacher })).status).toBe(200);
    };
    await bind(mother, '刘思彤', 'mother');
    await bind(mother, '陈浩然', 'mother');
    await bind(father, '杨梓萱', 'father');
    await bind(grandma, '黄俊熙', 'grandparent');
    // Each taps 允许 for notices and warnings more often than they get messages here (one-time templates: one
    // message per tap), so a guardian left without a message was not sent one.
    await allowWechat(demo.url, demo.fake, [mother, father, grandma], ['notice.published', 'notice.warning'], 8);

    // The demo guardian binds 周欣怡 of 三年级2班 with the roster's phone (approved at once): a guardian of the school
    // outside the letter's class.
    outsider = await login('guardian');
    const lookup = (await call('GET', '/invite-codes/DEMO3A02/lookup', { token: outsider })).body;
    const zhou = lookup.students.find((s: any) => s.maskedName === '周*怡');
    const bound = await call('POST', '/bindings', {
      token: outsider,
      body: { inviteCode: 'DEMO3A02', studentId: zhou.id, studentName: '周欣怡', relation: 'mother', phone: '13800000004', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(bound.body.status).toBe('approved');
  });
  afterAll(async () => {
    await data?.close();
  });

  it('a teacher publishes a letter to their class: one receipt and one message per guardian, naming both children of a mother of two', async () => {
    letter = await publish(tok.teacher, { kind: 'letter', title: '致三年级1班家长的一封信', confirmMode: 'sign', question: QUESTION });
    const detail = await fannedOut(letter);
    // The demo letter's three guardians of the class, and the test's three.
    expect(detail).toMatchObject({ status: 'published', contentCheck: 'pass', progress: { expected: 6, sent: 6, done: true } });

    // (The late-join scan may also have added the demo school's own letter to their lists by now.)
    const mine = (await call('GET', '/me/notices', { token: mother.token })).body.items.filter((i: any) => i.id === letter);
    expect(mine).toEqual([expect.objectContaining({ kind: 'letter', read: false, acknowledged: false, schoolName: '阳光实验小学' })]);
    expect(mine[0].children.map((c: any) => c.name).sort()).toEqual(['刘思彤', '陈浩然'].sort());
    // Both of her children's rows on the class list are the one receipt.
    const receipts = (await call('GET', `/notices/${letter}/classes/${class1}/receipts`, { token: tok.teacher })).body.entries;
    expect(receipts).toHaveLength(7);
    const hers = receipts.filter((e: any) => ['刘思彤', '陈浩然'].includes(e.studentName));
    expect(new Set(hers.map((e: any) => e.receiptId)).size).toBe(1);
    motherReceipt = hers[0].receiptId;
    expect(new Set(receipts.map((e: any) => e.receiptId)).size).toBe(6);

    // One WeChat message each for the guardians who allowed it; one for the mother of two.
    for (const g of [mother, father, grandma]) await waitFor(() => messages(letter, g.openid).length > 0, describeMessages);
    expect(messages(letter, mother.openid)).toHaveLength(1);
    expect(messages(letter, mother.openid)[0]).toMatchObject({ templateId: PUBLISHED, data: { thing1: { value: '致三年级1班家长的一封信' } } });
  });

  it('read, confirm, sign (a PNG) and answer are each recorded; the stats count them and the who-has-not list shrinks', async () => {
    const today = formatDate(await clockNow());
    expect(await pendingNames(letter)).toEqual(['刘思彤的母亲', '陈浩然的母亲', '杨梓萱的父亲', '黄俊熙的祖父母/外祖父母', '李雨涵的父亲', '张子轩的母亲', '赵一诺的父亲'].sort());

    // Read: the first opening, kept as the day.
    const opened = await open(mother, letter);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'published', confirmMode: 'sign', question: QUESTION, pending: ['answer', 'sign'] });
    expect(opened.body.receipt).toMatchObject({ readOn: today, answeredOn: null, signedOn: null, acknowledgedOn: null });
    // A letter to sign takes no tap, and the question comes first.
    const png = await signature();
    expect((await ack(mother, letter, { confirm: true })).body.code).toBe('NOTICE_ACK_INVALID');
    expect((await ack(mother, letter, { signature: png.toString('base64') })).body.code).toBe('NOTICE_ANSWER_REQUIRED');
    // Answer, then sign.
    const answered = await ack(mother, letter, { answer: { choices: [0] } });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ pending: ['sign'], receipt: { answer: { choices: [0] }, answeredOn: today, acknowledgedOn: null } });
    expect(await pendingNames(letter)).toContain('刘思彤的母亲');
    const signed = await ack(mother, letter, { signature: png.toString('base64') });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ pending: [], receipt: { readOn: today, answeredOn: today, signedOn: today, acknowledgedOn: today } });
    // GET the receipt again: all of it kept.
    expect((await open(mother, letter)).body.receipt).toMatchObject({ readOn: today, signedOn: today, answer: { choices: [0] }, acknowledgedOn: today });
    // Her two children leave the who-has-not list together.
    expect(await pendingNames(letter)).toEqual(['杨梓萱的父亲', '黄俊熙的祖父母/外祖父母', '李雨涵的父亲', '张子轩的母亲', '赵一诺的父亲'].sort());

    // The father reads and answers but does not sign yet: still on the list, with the day he read it.
    await open(father, letter);
    expect((await ack(father, letter, { answer: { choices: [1] } })).status).toBe(200);
    expect((await pending(letter)).entries.find((e: any) => e.studentName === '杨梓萱')).toMatchObject({ readOn: today, delivered: true });

    // The teacher's counts (delivered: WeChat accepted it, or it was opened), the answers tallied.
    await waitFor(async () => (await stats(letter)).classes[0].delivered === 3, async () => JSON.stringify(await stats(letter)));
    expect((await stats(letter)).classes).toEqual([{
      classId: class1, className: '三年级1班', recipients: 6, delivered: 3, read: 2, confirmed: 0, signed: 1, answered: 2, acknowledged: 1, answers: [1, 1],
    }]);
    // The signature the teacher sees is the PNG she drew.
    const entries = (await call('GET', `/notices/${letter}/classes/${class1}/receipts`, { token: tok.teacher })).body.entries;
    expect(entries.filter((e: any) => e.hasSignature).map((e: any) => e.studentName).sort()).toEqual(['刘思彤', '陈浩然'].sort());
    const shown = await fetch(`${demo.url}/api/v1/notices/${letter}/receipts/${motherReceipt}/signature`, { headers: { authorization: `Bearer ${tok.teacher}` } });
    expect([shown.status, shown.headers.get('content-type')]).toEqual([200, 'image/png']);
    // Kept without the PNG's metadata chunks (pHYs here): the same pixels.
    const pixels = (file: Buffer) => sharp(file).raw().toBuffer({ resolveWithObject: true });
    expect(await pixels(Buffer.from(await shown.arrayBuffer()))).toEqual(await pixels(png));

    // Confirm: a notice that asks for 确认收到.
    const notice = await publish(tok.teacher, { title: '关于周五校园开放日的通知' });
    await fannedOut(notice);
    expect((await open(grandma, notice)).body.pending).toEqual(['confirm']);
    const confirmed = await ack(grandma, notice, { confirm: true });
    expect(confirmed.body).toMatchObject({ pending: [], receipt: { readOn: today, confirmedOn: today, acknowledgedOn: today } });
    expect((await stats(notice)).totals).toMatchObject({ recipients: 6, read: 1, confirmed: 1, acknowledged: 1 });
    expect(await pendingNames(notice)).not.toContain('黄俊熙的祖父母/外祖父母');
  });

  it('a reminder reaches only the guardians not done; a second one within 12 hours is refused', async () => {
    const remind = () => call('POST', `/notices/${letter}/classes/${class1}/remind`, { token: tok.teacher });
    const first = await remind();
    expect(first.status).toBe(200);
    // The father (not signed), the grandmother and the demo letter's three; not the mother.
    expect(first.body.reminded).toBe(5);
    const queued: { recipient_user_id: string }[] = await data.ds.query('SELECT recipient_user_id FROM outbox WHERE dedupe_key LIKE ?', [`notice:${letter}:remind:%`]);
    expect(queued.map((r) => r.recipient_user_id)).not.toContain(mother.id);
    expect(queued.map((r) => r.recipient_user_id)).toEqual(expect.arrayContaining([father.id, grandma.id]));
    // At WeChat: the two of them who allowed notice messages; the mother (who has messages to spare) gets none.
    await waitFor(() => reminders(letter).length >= 2, describeMessages);
    expect(reminders(letter).map((m) => m.touser).sort()).toEqual([father.openid, grandma.openid].sort());
    expect(reminders(letter)[0].data?.thing1?.value).toMatch(/^提醒：/);

    const again = await remind();
    expect([again.status, again.body.code]).toEqual([429, 'NOTICE_REMIND_TOO_SOON']);
    expect(again.body.details.nextRemindAt).toBe(first.body.nextRemindAt);
    const state = await pending(letter);
    expect(new Date(state.nextRemindAt).getTime() - new Date(state.lastRemindedAt).getTime()).toBe(12 * HOUR);
    // Still refused 11 hours later.
    await moveClock(11 * HOUR);
    expect((await remind()).body.code).toBe('NOTICE_REMIND_TOO_SOON');
    // On to 10:00 the next day for what follows.
    await moveToShanghaiHour(10);
    expect(reminders(letter)).toHaveLength(2);
  });

  it('a correction asks everyone again and the original asks nothing; a recalled correction shows its reason', async () => {
    const original = (await open(mother, letter)).body;
    const made = await call('POST', `/notices/${letter}/corrections`, {
      token: tok.teacher,
      body: { title: '致三年级1班家长的一封信', body: BODY, confirmMode: 'sign', question: { ...QUESTION, prompt: '您是否参加周六上午的家长会？' }, note: '家长会改到周六上午九点' },
    });
    expect(made.status).toBe(201);
    correction = made.body.id;
    expect(made.body).toMatchObject({ title: '【更正】致三年级1班家长的一封信', status: 'published', correctionOf: { id: letter }, correctionNote: '家长会改到周六上午九点' });
    await fannedOut(correction);
    await waitFor(() => messages(correction, mother.openid).length > 0, describeMessages);

    // The original: what she signed stays on record, nothing more is asked, confirming is refused.
    const corrected = await open(mother, letter);
    expect(corrected.body).toMatchObject({ corrected: true, correctedBy: correction, pending: [], receipt: { signedOn: original.receipt.signedOn, answer: { choices: [0] }, contentHash: original.receipt.contentHash } });
    const refused = await ack(father, letter, { signature: (await signature()).toString('base64') });
    expect([refused.status, refused.body.code, refused.body.details?.correctionId]).toEqual([409, 'NOTICE_CORRECTED', correction]);
    expect((await call('POST', `/notices/${letter}/classes/${class1}/remind`, { token: tok.teacher })).body.code).toBe('NOTICE_CORRECTED');
    // Her list shows the correction instead of the original; it asks her to answer and sign again.
    const list = (await call('GET', '/me/notices', { token: mother.token })).body.items.map((i: any) => [i.id, i.correctionOf]);
    expect(list).toContainEqual([correction, letter]);
    expect(list.map(([id]: string[]) => id)).not.toContain(letter);
    const fresh = await open(mother, correction);
    expect(fresh.body).toMatchObject({ correctionNote: '家长会改到周六上午九点', correctionOf: letter, pending: ['answer', 'sign'], receipt: { signedOn: null } });
    expect(fresh.body.receipt.contentHash).not.toBe(original.receipt.contentHash);

    // Recalled: guardians read the reason instead of the content; opening it is no read, confirming is refused.
    const recalled = await call('POST', `/notices/${correction}/recall`, { token: tok.teacher, body: { reason: '家长会时间待定，将另行通知' } });
    expect([recalled.status, recalled.body.status]).toEqual([200, 'recalled']);
    const seen = await open(father, correction);
    expect(seen.body).toMatchObject({ status: 'recalled', body: null, question: null, recall: { reason: '家长会时间待定，将另行通知' }, pending: [], receipt: { readOn: null } });
    expect((await ack(father, correction, { answer: { choices: [0] } })).body.code).toBe('NOTICE_RECALLED');
    expect((await call('GET', '/me/notices', { token: father.token })).body.items.find((i: any) => i.id === correction)).toMatchObject({ status: 'recalled' });
  });

  it('quiet hours: a notice published at 22:00 reaches WeChat at 07:00; an urgent warning goes at once', async () => {
    await moveToShanghaiHour(22);
    const quiet = await publish(tok.teacher, { title: '关于下周一升旗仪式的通知' });
    await fannedOut(quiet);
    // In the app at once…
    expect((await call('GET', '/me/notices', { token: father.token })).body.items.map((i: any) => i.id)).toContain(quiet);
    // …and its WeChat messages wait for 07:00, while a warning published after it goes now.
    const warning = await publish(tok.teacher, {
      kind: 'warning', title: '近期校外欺凌警示', confirmMode: 'confirm',
      body: { version: 1, blocks: [{ type: 'paragraph', spans: [{ text: '近期校外有欺凌事件发生，请家长提醒孩子结伴上下学，发现异常及时告诉老师。' }] }] },
    });
    await fannedOut(warning);
    for (const g of [mother, father, grandma]) await waitFor(() => messages(warning, g.openid).length > 0, describeMessages);
    expect(messages(warning).every((m) => m.templateId === WARNING)).toBe(true);
    expect(messages(quiet)).toEqual([]);
    const held: { due_at: Date | string }[] = await data.ds.query('SELECT due_at FROM outbox WHERE dedupe_key LIKE ?', [`notice:${quiet}:%`]);
    expect(held).toHaveLength(6);
    const morning = shanghaiHourOn(new Date((await clockNow()).getTime() + DAY), 7).getTime();
    expect(held.every((r) => new Date(r.due_at instanceof Date ? r.due_at : `${r.due_at.replace(' ', 'T')}Z`).getTime() === morning)).toBe(true);
    expect((await call('GET', '/me/notices', { token: mother.token })).body.items[0]).toMatchObject({ id: warning, pinned: true });

    await moveToShanghaiHour(7);
    for (const g of [mother, father, grandma]) await waitFor(() => messages(quiet, g.openid).length > 0, describeMessages);
    expect(messages(quiet).every((m) => m.templateId === PUBLISHED)).toBe(true);
  });

  it('after the day is sealed, a receipt changed in the database is named by audit:verify', async () => {
    // The letter's receipts were changed yesterday (Shanghai); the clock is past midnight now: the worker seals that day.
    const proof = () => call('GET', `/notices/${letter}/receipts/${motherReceipt}/proof`, { token: mother.token });
    await waitFor(async () => (await proof()).body.sealed === true, async () => JSON.stringify((await proof()).body));
    const env = { DATABASE_URL: demo.db.url, ANXIN_DATA_DIR: demo.db.dataDir };
    const intact = await auditVerify(['--school', schoolId], env);
    expect([intact.code, intact.out]).toEqual([0, expect.stringContaining('OK      school')]);

    const day = (await open(mother, letter)).body.receipt.signedOn as string;
    const earlier = formatDate(new Date(Date.parse(`${day}T12:00:00+08:00`) - DAY));
    await data.ds.query('UPDATE notice_receipts SET signed_on = ? WHERE id = ?', [earlier, motherReceipt]);
    const run = await auditVerify(['--school', schoolId], env);
    expect(run.code).not.toBe(0);
    expect(run.out).toContain(`BROKEN  school ${schoolId}`);
    expect(run.out).toContain(`SEAL  notice.receipt ${motherReceipt}: changed since its leaf`);
    expect(run.out.match(/SEAL {2}notice\.receipt/g)).toHaveLength(1);
  });

  it('who may see what: another class 403, another family 404, another school 403/404, nobody 401', async () => {
    // The principal's notice to 三年级2班, which the teacher does not teach.
    const other = await publish(tok.principal, { audience: { scope: 'classes', ids: [class2] } });
    await waitFor(async () => (await call('GET', `/notices/${other}`, { token: tok.principal })).body.progress?.done === true, () => 'fan-out of the 三年级2班 notice');
    const asTeacher = (method: string, path: string, body?: unknown) => call(method, path, { token: tok.teacher, body });
    expect((await asTeacher('POST', `/schools/${schoolId}/notices`, { kind: 'notice', title: '通知', body: BODY, confirmMode: 'read', audience: { scope: 'classes', ids: [class2] } })).status).toBe(403);
    expect((await asTeacher('POST', `/notices/${other}/publish`, {})).status).toBe(403);
    expect((await asTeacher('GET', `/notices/${other}/stats`)).status).toBe(403);
    expect((await asTeacher('GET', `/notices/${other}/classes/${class2}/pending`)).status).toBe(403);
    expect((await asTeacher('POST', `/notices/${other}/classes/${class2}/remind`)).status).toBe(403);

    // A guardian of another family: not their notice, not their receipt — whether or not they received the notice.
    expect((await call('GET', `/me/notices/${letter}`, { token: outsider })).status).toBe(404);
    expect((await call('POST', `/notices/${letter}/ack`, { token: outsider, body: { answer: { choices: [0] } } })).status).toBe(404);
    expect((await call('GET', `/notices/${letter}/receipts/${motherReceipt}/proof`, { token: outsider })).status).toBe(404);
    expect((await call('GET', `/notices/${letter}/receipts/${motherReceipt}/proof`, { token: father.token })).status).toBe(404);
    expect((await call('GET', `/me/notices/${other}`, { token: outsider })).status).toBe(200);

    // Another school's staff.
    for (const token of [tok.teacherB, tok.adminB]) {
      expect((await call('GET', `/notices/${letter}`, { token })).status).toBe(404);
      expect((await call('GET', `/notices/${letter}/stats`, { token })).status).toBe(404);
      expect((await call('GET', `/notices/${letter}/classes/${class1}/pending`, { token })).status).toBe(404);
      expect((await call('GET', `/notices/${letter}/receipts/${motherReceipt}/proof`, { token })).status).toBe(404);
    }
    expect((await call('POST', `/schools/${schoolId}/notices`, { token: tok.adminB, body: { kind: 'notice', title: '通知', body: BODY, confirmMode: 'read', audience: { scope: 'school' } } })).status).toBe(404);
    expect((await call('POST', `/notices/${letter}/recall`, { token: tok.adminB, body: { reason: '误发' } })).status).toBe(404);

    // Nobody.
    for (const [method, path] of [['GET', '/me/notices'], ['GET', `/me/notices/${letter}`], ['POST', `/notices/${letter}/ack`], ['GET', `/notices/${letter}`],
      ['GET', `/notices/${letter}/stats`], ['GET', `/notices/${letter}/classes/${class1}/pending`], ['POST', `/schools/${schoolId}/notices`]]) {
      expect([method, path, (await call(method, path, { body: method === 'POST' ? {} : undefined })).status]).toEqual([method, path, 401]);
    }
  });
});
