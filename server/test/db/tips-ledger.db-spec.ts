import ExcelJS from 'exceljs';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { LEDGER_HEADERS } from '../../src/features/tips/tip-ledger';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

const HOUR = 3600_000;

/** The case ledger (台账) — the policy's columns, deadlines met or missed, never a reporter's identity. */
describe('tip ledger export (real database, parsed back with exceljs)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.stop());

  it('has 时间/地点/起因/经过/涉及人员/已采取措施/处理结果 and the deadline verdicts, and no reporter identity', async () => {
    const ids = await t.seedDemo();
    const schoolId = ids.a.schoolId;
    const contact = await t.login('contact');
    const teacher = await t.login('teacher');
    // 1: a named parent, acknowledged in time, confirmed and closed with measures, outcome and an onward report.
    expect((await submitTip(t, tipBody(schoolId, {
      category: 'physical', description: '孩子在操场被推倒，膝盖擦伤', when: '11月20日午休', place: 'playground', placeDetail: '篮球架旁',
      peopleInvolved: '四年级两名男生', reporterRole: 'parent', named: { name: '李妈妈', contact: '13800000000' },
    }), { remoteAddress: '10.50.0.1' })).status).toBe(201);
    const first = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId } });
    expect((await t.request('POST', `/tips/${first.id}/ack`, { token: contact, body: {} })).status).toBe(200);
    let cur = (await t.request('GET', `/tips/${first.id}`, { token: contact })).body;
    cur = (await t.request('PATCH', `/tips/${first.id}`, { token: contact, body: { version: cur.version, status: 'investigating', measures: '约谈双方家长；调取监控' } })).body;
    expect((await t.request('POST', `/tips/${first.id}/reports`, { token: contact, body: { recipient: '示范区教育局', content: '书面报告一起肢体欺凌' } })).status).toBe(201);
    cur = (await t.request('PATCH', `/tips/${first.id}`, { token: contact, body: { version: cur.version, status: 'confirmed' } })).body;
    cur = (await t.request('PATCH', `/tips/${first.id}`, { token: contact, body: { version: cur.version, status: 'closed', outcome: '认定为肢体欺凌，给予警告处分' } })).body;
    expect(cur.status).toBe('closed');
    // 2: filed by a teacher, acknowledged late.
    expect((await submitTip(t, tipBody(schoolId, { filedByTeacher: true, category: 'cyber', description: '班级群里有人发侮辱性图片', place: 'online' }), { token: teacher, remoteAddress: '10.50.0.2' })).status).toBe(201);
    const second = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId, status: 'new' } });
    t.clock.advance(4 * HOUR);
    expect((await t.request('POST', `/tips/${second.id}/ack`, { token: contact, body: {} })).status).toBe(200);

    const res = await t.request('GET', `/schools/${schoolId}/tips.xlsx`, { token: contact });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0][0]).toContain('阳光实验小学');
    expect(rows[1]).toEqual(LEDGER_HEADERS);
    for (const h of ['时间', '地点', '起因（类别）', '经过', '涉及人员', '已采取措施', '处理结果']) expect(rows[1]).toContain(h);
    const col = (name: string) => rows[1].indexOf(name);
    const [r1, r2] = rows.slice(2);
    expect(rows.slice(2)).toHaveLength(2);
    expect(r1[col('时间')]).toContain('11月20日午休');
    expect(r1[col('地点')]).toBe('操场/体育场馆：篮球架旁');
    expect(r1[col('起因（类别）')]).toBe('肢体欺凌');
    expect(r1[col('经过')]).toBe('孩子在操场被推倒，膝盖擦伤');
    expect(r1[col('涉及人员')]).toBe('四年级两名男生');
    expect(r1[col('已采取措施')]).toBe('约谈双方家长；调取监控');
    expect(r1[col('处理结果')]).toBe('已认定欺凌，已结案：认定为肢体欺凌，给予警告处分');
    expect(r1[col('受理是否按时')]).toBe('按时');
    expect(r1[col('调查是否按时')]).toBe('按时');
    expect(r1[col('上报情况')]).toContain('书面报告一起肢体欺凌');
    expect(r1[col('来源')]).toBe('实名');
    expect(r2[col('起因（类别）')]).toBe('网络欺凌');
    expect(r2[col('受理是否按时')]).toBe('超时');
    expect(r2[col('来源')]).toBe('教师转报');
    // Never who reported: not the named parent, not their phone, not the filing teacher.
    const all = JSON.stringify(rows);
    for (const secret of ['李妈妈', '13800000000', '陈老师', ids.a.userIds.teacher]) expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
    // The export itself is in the audit chain.
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId, action: 'tip.ledger_exported' } })).toBe(1);
  });
});
