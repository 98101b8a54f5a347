/**
 * The work ledger (防治欺凌工作台账) on the h5 build, against a real server process (temp SQLite, demo seed: this
 * semester part done, the class meeting of one class that is not the demo teacher's already recorded):
 *  1. the principal records the class meetings of the other classes (API), so only the teacher's class is missing;
 *  2. the class teacher of 三年级1班 opens the ledger: 防欺凌主题班会 is 部分完成, 尚未完成 names their class;
 *  3. they record their class meeting on the phone, add a photo (a JPEG with EXIF) and see it listed;
 *  4. the ledger shows 防欺凌主题班会 已完成, with the photo; the server kept the photo without its EXIF;
 *  5. the principal on a desktop browser (1280×800) sees the duties in two columns.
 * Screenshots go to test/artifacts/ledger-*.png (git-ignored).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { formatDate, type LedgerResponse } from '@anxin/shared';
import { apiCall, chromiumOrSkip, demoSessions, openDesktop, phoneSuite, screenshot, visibleText } from './support';

const chromiumPath = chromiumOrSkip();
const suite = chromiumPath ? describe : describe.skip;

const LEDGER = '/subpackages/staff-ledger/index/index';
const RECORD = '/subpackages/staff-ledger/record/index';

suite('h5: the work ledger — a class teacher records their class meeting with a photo and the duty turns done', () => {
  const s = phoneSuite({ fake: true });
  const sessions = demoSessions(() => s.server.url);
  const work = mkdtempSync(join(tmpdir(), 'anxin-ledger-'));
  const photo = join(work, 'class-meeting.jpg');
  const field = (css: string) => s.page.locator(css).filter({ visible: true }).first();
  const api = async (role: 'teacher' | 'principal', method: string, path: string, body?: unknown) =>
    apiCall(s.server.url, method, path, { token: await sessions.token(role), body });
  let schoolId = '';
  let teacherClass = { id: '', name: '' };

  const ledger = async (role: 'teacher' | 'principal'): Promise<LedgerResponse> => (await api(role, 'GET', `/schools/${schoolId}/ledger`)).body;
  const meeting = (l: LedgerResponse) => l.duties.find((d) => d.key === 'class_meeting')!;

  it('the principal records the other classes; the teacher sees their class missing', async () => {
    writeFileSync(photo, await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 160, b: 120 } } })
      .withExif({ IFD0: { Make: 'LedgerPhone', Copyright: 'GPS 30.27N 120.15E' } }).jpeg().toBuffer());
    schoolId = (await api('teacher', 'GET', '/me')).body.roles[0].schoolId;
    const mine = await ledger('teacher');
    teacherClass = mine.classes[0];
    const all = await ledger('principal');
    const today = formatDate(new Date());
    for (const c of all.classes.filter((x) => x.id !== teacherClass.id)) {
      const r = await api('principal', 'POST', `/schools/${schoolId}/ledger/activities`, {
        dutyKey: 'class_meeting', heldOn: today, leader: '班主任', audience: 'classes', classIds: [c.id], attendance: 38, description: `${c.name}防欺凌主题班会`,
      });
      expect(r.status).toBe(201);
    }
    const before = meeting(await ledger('teacher'));
    expect(before.status).toBe('partly');
    expect(before.missing).toEqual([teacherClass.name]);

    await sessions.openAs(s.page, 'teacher', LEDGER, [`/schools/${schoolId}/ledger`]);
    await s.see('防治欺凌工作台账');
    await s.see('防欺凌主题班会');
    await s.see(`尚未完成：${teacherClass.name}`);
    await screenshot(s.page, 'ledger-01-teacher-partly');
  });

  it('records the class meeting with a photo on the phone', async () => {
    await sessions.openAs(s.page, 'teacher', `${RECORD}?schoolId=${schoolId}&duty=class_meeting`, [`/schools/${schoolId}/ledger`]);
    await s.see('记录防欺凌工作');
    await field('.ledger-leader input').fill('陈老师');
    await field('.ledger-attendance input').fill('40');
    await field('.ledger-description textarea').fill('观看防欺凌教育短片，分组讨论“遇到欺凌怎么办”，签署班级公约。');
    await screenshot(s.page, 'ledger-02-form');
    await s.tap('保存记录');
    await s.see('已记录');
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser', { timeout: 15_000 }), s.tap('添加照片')]);
    await chooser.setFiles(photo);
    await s.see('照片：照片1.jpg');
    await screenshot(s.page, 'ledger-03-photo-added');
  });

  it('the duty is done, with the photo, kept without EXIF', async () => {
    await sessions.openAs(s.page, 'teacher', LEDGER, [`/schools/${schoolId}/ledger`]);
    await s.see('防欺凌主题班会');
    const row = meeting(await ledger('teacher'));
    expect(row.status).toBe('done');
    const mine = row.evidence.find((e) => e.classNames.includes(teacherClass.name) && e.files.length > 0)!;
    expect(mine.files).toEqual([expect.objectContaining({ kind: 'photo', name: '照片1.jpg' })]);
    // the card of the class meeting says 已完成 (done cards start folded: open it to see the photo)
    const card = s.page.locator('.ledger-duty').filter({ hasText: '防欺凌主题班会' }).first();
    await expect(card.locator('.ledger-status').first().textContent()).resolves.toBe('已完成');
    await card.locator('.ledger-duty-head').click();
    await visibleText(s.page, '观看防欺凌教育短片，分组讨论“遇到欺凌怎么办”，签署班级公约。').waitFor({ state: 'visible', timeout: 20_000 });
    await card.locator('.ledger-photo-img').first().waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(s.page, 'ledger-04-done');
    const stored = await fetch(`${s.server.url}/api/v1/ledger/files/${mine.files[0].id}`, { headers: { authorization: `Bearer ${await sessions.token('teacher')}` } });
    const bytes = Buffer.from(await stored.arrayBuffer());
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('LedgerPhone'))).toBe(false);
    rmSync(work, { recursive: true, force: true });
  });

  it('on a desktop browser the duties sit in two columns', async () => {
    const desktop = await openDesktop(chromiumPath!);
    try {
      await sessions.openAs(desktop.page, 'principal', LEDGER, [`/schools/${schoolId}/ledger`]);
      const cards = desktop.page.locator('.ledger-grid > .ledger-duty').filter({ visible: true });
      await cards.first().waitFor({ state: 'visible', timeout: 20_000 });
      const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
      expect(a && b).toBeTruthy();
      expect(Math.abs(a!.y - b!.y)).toBeLessThan(2); // side by side
      expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
      await screenshot(desktop.page, 'ledger-05-desktop');
    } finally {
      await desktop.close();
    }
  });
});
