import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { REDACTED_MARK } from '@anxin/shared';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import type { DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { dumpAllTables, followupToken, submitTip, tipBody } from './tips-helpers';

const NOTE_CANARY = '内部备注金丝雀QX7';
const PROGRESS_CANARY = '进展说明金丝雀PZ4';
/** What the redaction test masks: a name after 同学, a roster name, a phone, an address, a name in 涉及人员. */
const NAME = '张伟强';
const ROSTER = '刘思彤'; // a student of demo school A
const PHONE = '13912345678';
const ADDRESS = '幸福路18号';
const PEOPLE_NAME = '罗小虎';
const DESCRIPTION = `课间有同学${NAME}打我，${ROSTER}也看见了。他说放学后去${ADDRESS}堵我，还让我打他电话${PHONE}`;
const SECRETS = [NAME, ROSTER, PHONE, ADDRESS, PEOPLE_NAME];
/** The roster name is in the students table by design; every other masked text is nowhere in the database. */
const NOT_STORED = [NAME, PHONE, ADDRESS, PEOPLE_NAME];

/**
 * Internal notes and the internal progress step never reach the reporter; they are read by those who may read the
 * case, each read audited. Redaction (脱敏): the contact's confirmed masks hide the text from the district officer's
 * case view and the ledger, only the contact sees the original (audited), and the database holds no clear span text.
 */
describe('tip internal notes, internal progress and redaction (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await t.seedDemo();
    for (const s of ['a', 'b'] as const) for (const r of ['teacher', 'contact', 'principal', 'committee', 'district'] as const) tok[`${s}:${r}`] = await t.login(r, s);
  });
  afterAll(() => t?.stop());

  /** Files a tip of school A and returns its id and receipt (the clock moves on first, so it is the newest). */
  const file = async (over: Parameters<typeof tipBody>[1], address: string) => {
    t.clock.advance(60_000);
    const res = await submitTip(t, tipBody(ids.a.schoolId, over), { remoteAddress: address });
    expect(res.status).toBe(201);
    const [newest] = await t.ds.getRepository(TipEntity).find({ where: { schoolId: ids.a.schoolId }, order: { submittedAt: 'DESC' }, take: 1 });
    return { receipt: res.body.receipt as string, id: newest.id };
  };
  const audits = (tipId: string, action: string) => t.ds.getRepository(AuditEntryEntity).find({ where: { targetId: tipId, action: action as any } });

  describe('internal notes and progress', () => {
    let tipId: string;
    let receipt: string;

    beforeAll(async () => {
      ({ id: tipId, receipt } = await file({}, '10.81.0.1'));
      expect((await t.request('POST', `/tips/${tipId}/ack`, { token: tok['a:contact'], body: {} })).status).toBe(200);
    });

    it('the contact adds notes and sets the internal step; the reporter thread never holds them', async () => {
      const note = await t.request('POST', `/tips/${tipId}/notes`, { token: tok['a:contact'], body: { body: `${NOTE_CANARY} 已约谈班主任` } });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ body: `${NOTE_CANARY} 已约谈班主任`, author: { userId: ids.a.userIds.contact } });
      const corr = await t.request('POST', `/tips/${tipId}/notes`, { token: tok['a:contact'], body: { body: '更正：是约谈了德育主任' } });
      expect(corr.status).toBe(201);
      const step = await t.request('PUT', `/tips/${tipId}/progress`, { token: tok['a:contact'], body: { step: 'cctv', detail: PROGRESS_CANARY } });
      expect(step.status).toBe(200);
      expect(step.body).toMatchObject({ step: 'cctv', detail: PROGRESS_CANARY, by: { userId: ids.a.userIds.contact } });

      const view = await t.request('GET', `/tips/${tipId}/internal`, { token: tok['a:contact'] });
      expect(view.status).toBe(200);
      expect(view.body.notes.map((n: { body: string }) => n.body)).toEqual([`${NOTE_CANARY} 已约谈班主任`, '更正：是约谈了德育主任']);
      expect(view.body.progress).toMatchObject({ step: 'cctv', detail: PROGRESS_CANARY });
      expect(view.body.canWrite).toBe(true);

      // The reporter's follow-up keeps the public status and holds no internal word.
      const token = await followupToken(t, ids.a.schoolId, receipt);
      const thread = await t.request('GET', '/tips/followup/thread', { headers: { 'x-followup-token': token } });
      expect(thread.status).toBe(200);
      expect(thread.body.status).toBe('acknowledged');
      const text = JSON.stringify(thread.body);
      for (const needle of [NOTE_CANARY, '约谈', '德育', PROGRESS_CANARY, 'cctv', '调取监控']) expect({ needle, found: text.includes(needle) }).toEqual({ needle, found: false });
    });

    it('notes are not editable or deletable: no such route answers', async () => {
      const { notes } = (await t.request('GET', `/tips/${tipId}/internal`, { token: tok['a:contact'] })).body;
      for (const method of ['DELETE', 'PATCH', 'PUT']) {
        expect([404, 405]).toContain((await t.request(method, `/tips/${tipId}/notes/${notes[0].id}`, { token: tok['a:contact'], body: { body: 'x' } })).status);
      }
      expect((await t.request('GET', `/tips/${tipId}/internal`, { token: tok['a:contact'] })).body.notes).toHaveLength(2);
    });

    it('another school gets 404; staff without access to the case 403; the principal once the case reaches them', async () => {
      for (const who of ['b:contact', 'b:principal', 'b:district']) {
        expect({ who, status: (await t.request('GET', `/tips/${tipId}/internal`, { token: tok[who] })).status }).toEqual({ who, status: 404 });
      }
      expect((await t.request('POST', `/tips/${tipId}/notes`, { token: tok['b:contact'], body: { body: '别校的备注' } })).status).toBe(404);
      expect((await t.request('PUT', `/tips/${tipId}/progress`, { token: tok['b:contact'], body: { step: 'other', detail: '别校' } })).status).toBe(404);
      for (const who of ['a:teacher', 'a:committee', 'a:principal', 'a:district']) {
        expect({ who, status: (await t.request('GET', `/tips/${tipId}/internal`, { token: tok[who] })).status }).toEqual({ who, status: 403 });
      }
      expect((await t.request('POST', `/tips/${tipId}/notes`, { token: tok['a:principal'], body: { body: '校长的备注' } })).status).toBe(403);
      await t.ds.query(`UPDATE tips SET escalation_level = 'principal' WHERE id = ?`, [tipId]);
      const seen = await t.request('GET', `/tips/${tipId}/internal`, { token: tok['a:principal'] });
      expect(seen.status).toBe(200);
      expect(seen.body.notes).toHaveLength(2);
      expect((await t.request('POST', `/tips/${tipId}/notes`, { token: tok['a:principal'], body: { body: '校长：请尽快处理' } })).status).toBe(201);
      // A district officer reads an escalated case's notes but never writes them.
      await t.ds.query(`UPDATE tips SET escalation_level = 'district' WHERE id = ?`, [tipId]);
      const district = await t.request('GET', `/tips/${tipId}/internal`, { token: tok['a:district'] });
      expect(district.status).toBe(200);
      expect(district.body.canWrite).toBe(false);
      expect((await t.request('POST', `/tips/${tipId}/notes`, { token: tok['a:district'], body: { body: '区里的备注' } })).status).toBe(403);
    });

    it('every read of the notes is audited with the reader; no note text in the chain or in any table', async () => {
      const reads = await audits(tipId, 'tip.notes_viewed');
      expect(reads.map((r) => r.actorUserId).sort()).toEqual([ids.a.userIds.contact, ids.a.userIds.contact, ids.a.userIds.contact, ids.a.userIds.principal, ids.a.userIds.district].sort());
      expect(await audits(tipId, 'tip.note_added')).toHaveLength(3);
      expect((await audits(tipId, 'tip.progress_set')).map((r) => r.details)).toEqual([{ step: 'cctv' }]);
      const dump = Object.values(await dumpAllTables(t)).join('\n');
      for (const needle of [NOTE_CANARY, PROGRESS_CANARY, '德育主任']) expect({ needle, found: dump.includes(needle) }).toEqual({ needle, found: false });
    });

    it('bad input is a 400 in the error shape', async () => {
      for (const body of [{ body: '' }, { body: null }, {}, { body: 'x'.repeat(2001) }]) {
        const res = await t.request('POST', `/tips/${tipId}/notes`, { token: tok['a:contact'], body });
        expect(res.status).toBe(400);
        expect(res.body.code).toBeDefined();
      }
      expect((await t.request('PUT', `/tips/${tipId}/progress`, { token: tok['a:contact'], body: { step: 'other' } })).status).toBe(400);
      expect((await t.request('PUT', `/tips/${tipId}/progress`, { token: tok['a:contact'], body: { step: 'nope' } })).status).toBe(400);
    });
  });

  describe('redaction (脱敏)', () => {
    let tipId: string;

    beforeAll(async () => {
      ({ id: tipId } = await file({ description: DESCRIPTION, peopleInvolved: `同学${PEOPLE_NAME}和他的朋友`, placeDetail: '三楼厕所' }, '10.82.0.1'));
      // Escalated to the district unacknowledged: redaction never holds this up, the page only prompts the contact.
      await t.ds.query(`UPDATE tips SET escalation_level = 'district' WHERE id = ?`, [tipId]);
    });

    it('the summary prompts the contact: escalated with unreviewed proposals; no text in it', async () => {
      const s = await t.request('GET', `/tips/${tipId}/redaction/summary`, { token: tok['a:contact'] });
      expect(s.status).toBe(200);
      expect(s.body).toMatchObject({ masked: false, reviewed: false, escalatedToDistrict: true, canRedact: true });
      expect(s.body.unconfirmedCandidates).toBeGreaterThanOrEqual(5);
      const d = await t.request('GET', `/tips/${tipId}/redaction/summary`, { token: tok['a:district'] });
      expect(d.body.canRedact).toBe(false);
      for (const needle of SECRETS) expect(JSON.stringify(s.body)).not.toContain(needle);
    });

    it('the contact sees the proposals (phone, a name after 同学, an address, a roster name); only the contact; audited', async () => {
      const res = await t.request('GET', `/tips/${tipId}/redaction`, { token: tok['a:contact'] });
      expect(res.status).toBe(200);
      const desc = res.body.fields.find((f: { field: string }) => f.field === 'description');
      expect(desc.text).toBe(DESCRIPTION);
      const found = desc.candidates.map((c: { kind: string; start: number; end: number }) => `${c.kind}:${DESCRIPTION.slice(c.start, c.end)}`);
      expect(found).toEqual(expect.arrayContaining([`phone:${PHONE}`, `name:${NAME}`, `address:${ADDRESS}`, `roster_name:${ROSTER}`]));
      const people = res.body.fields.find((f: { field: string }) => f.field === 'peopleInvolved');
      expect(people.candidates.map((c: { start: number; end: number }) => people.text.slice(c.start, c.end))).toEqual([PEOPLE_NAME]);
      for (const who of ['a:district', 'a:principal', 'a:teacher']) {
        expect({ who, status: (await t.request('GET', `/tips/${tipId}/redaction`, { token: tok[who] })).status }).toEqual({ who, status: 403 });
      }
      expect((await t.request('GET', `/tips/${tipId}/redaction`, { token: tok['b:contact'] })).status).toBe(404);
      // Without the handling permission the guard refuses first.
      expect((await t.request('GET', `/tips/${tipId}/redaction`, { token: tok['b:district'] })).status).toBe(403);
      expect((await audits(tipId, 'tip.original_viewed')).map((a) => a.actorUserId)).toEqual([ids.a.userIds.contact]);
    });

    it('only the contact saves masks; out-of-range spans are a 400', async () => {
      const body = { fields: [{ field: 'description', spans: [{ start: 0, end: 2 }] }] };
      expect((await t.request('PUT', `/tips/${tipId}/redaction`, { token: tok['a:district'], body })).status).toBe(403);
      expect((await t.request('PUT', `/tips/${tipId}/redaction`, { token: tok['b:contact'], body })).status).toBe(404);
      const bad = await t.request('PUT', `/tips/${tipId}/redaction`, { token: tok['a:contact'], body: { fields: [{ field: 'description', spans: [{ start: 0, end: 9999 }] }] } });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect((await t.request('PUT', `/tips/${tipId}/redaction`, { token: tok['a:contact'], body: { fields: [{ field: 'description', spans: [null] }] } })).status).toBe(400);
      expect(await audits(tipId, 'tip.redaction_saved')).toHaveLength(0);
    });

    it('after the contact confirms the masks, the district view and the ledger hold none of the masked text; the original is the contact\'s, audited', async () => {
      const view = (await t.request('GET', `/tips/${tipId}/redaction`, { token: tok['a:contact'] })).body;
      const fields = view.fields.map((f: { field: string; candidates: { start: number; end: number }[] }) => ({ field: f.field, spans: f.candidates.map(({ start, end }) => ({ start, end })) }));
      const saved = await t.request('PUT', `/tips/${tipId}/redaction`, { token: tok['a:contact'], body: { fields } });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ masked: true, reviewed: true, unconfirmedCandidates: 0 });
      expect(saved.body.maskCount).toBeGreaterThanOrEqual(5);
      expect((await audits(tipId, 'tip.redaction_saved'))[0].details).toMatchObject({ masks: saved.body.maskCount });

      const district = await t.request('GET', `/tips/${tipId}`, { token: tok['a:district'] });
      expect(district.status).toBe(200);
      expect(district.body.description).toContain(REDACTED_MARK);
      expect(district.body.description).toContain('课间有同学');
      expect(district.body.placeDetail).toBe('三楼厕所');
      const dText = JSON.stringify(district.body);
      for (const needle of SECRETS) expect({ needle, found: dText.includes(needle) }).toEqual({ needle, found: false });

      const ledger = await t.request('GET', `/schools/${ids.a.schoolId}/tips.xlsx`, { token: tok['a:contact'] });
      expect(ledger.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(ledger.raw as any);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      const lText = cells.join('\n');
      expect(lText).toContain(REDACTED_MARK);
      for (const needle of SECRETS) expect({ needle, found: lText.includes(needle) }).toEqual({ needle, found: false });

      const original = await t.request('GET', `/tips/${tipId}/redaction`, { token: tok['a:contact'] });
      const oText = JSON.stringify(original.body);
      for (const needle of SECRETS) expect({ needle, found: oText.includes(needle) }).toEqual({ needle, found: true });
      expect(original.body.fields.find((f: { field: string }) => f.field === 'description').masks.length).toBeGreaterThanOrEqual(4);
      expect((await audits(tipId, 'tip.original_viewed')).map((a) => a.actorUserId)).toEqual([ids.a.userIds.contact, ids.a.userIds.contact, ids.a.userIds.contact]);
    });

    it('the database holds no clear span text (every table, and the SQLite file bytes)', async () => {
      const dump = Object.values(await dumpAllTables(t)).join('\n');
      for (const needle of NOT_STORED) expect({ needle, found: dump.includes(needle) }).toEqual({ needle, found: false });
      const row = (await t.ds.query('SELECT masks_enc, mask_count FROM tip_redactions WHERE tip_id = ?', [tipId]))[0];
      expect(String(row.masks_enc)).not.toContain('start');
      if (t.db.engine === 'sqlite') {
        await t.ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
        const files = readdirSync(t.db.dataDir).filter((x) => x.startsWith('test.db'));
        const bytes = Buffer.concat(files.map((f) => readFileSync(join(t.db.dataDir, f))));
        expect(bytes.includes(Buffer.from(ids.a.schoolId))).toBe(true); // control
        for (const needle of NOT_STORED) expect({ needle, found: bytes.includes(Buffer.from(needle)) }).toEqual({ needle, found: false });
      }
    });

    it('saving again replaces the masks: with none left, everyone sees the text again and the case stays reviewed', async () => {
      const saved = await t.request('PUT', `/tips/${tipId}/redaction`, { token: tok['a:contact'], body: { fields: [] } });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ masked: false, maskCount: 0, reviewed: true, unconfirmedCandidates: 0 });
      expect(Number((await t.ds.query('SELECT COUNT(*) AS n FROM tip_redactions WHERE tip_id = ?', [tipId]))[0].n)).toBe(1);
      const district = await t.request('GET', `/tips/${tipId}`, { token: tok['a:district'] });
      expect(district.body.description).toBe(DESCRIPTION);
      expect(await audits(tipId, 'tip.redaction_saved')).toHaveLength(2);
    });
  });
});
