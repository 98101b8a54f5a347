import ExcelJS from 'exceljs';
import { cellText, matchHeader, normaliseHeader, parseGender, parseRelation, parseRoster, RosterFileUnreadable, rosterTemplate } from './roster-parser';

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('roster parser', () => {
  it('matches headers as schools write them', () => {
    expect(normaliseHeader(' 联系电话（必填）* ')).toBe('联系电话');
    expect(matchHeader('学 生 姓 名')).toBe('name');
    expect(matchHeader('姓名')).toBe('name');
    expect(matchHeader('全国学籍号')).toBe('studentNo');
    expect(matchHeader('学号')).toBe('studentNo');
    expect(matchHeader('监护人')).toBe('guardianName');
    expect(matchHeader('家长姓名')).toBe('guardianName');
    expect(matchHeader('家长联系电话')).toBe('phone');
    expect(matchHeader('手机号(用于绑定)')).toBe('phone');
    expect(matchHeader('班级')).toBe('className');
    expect(matchHeader('年级')).toBe('grade');
    expect(matchHeader('与学生关系')).toBe('relation');
    expect(matchHeader('备注')).toBeNull();
  });

  it('reads cells as text without losing digits', () => {
    expect(cellText(13800000001)).toEqual({ text: '13800000001', lossyNumber: false });
    expect(cellText('00012345')).toEqual({ text: '00012345', lossyNumber: false });
    expect(cellText(Number('1101012015010123456789')).lossyNumber).toBe(true);
    expect(cellText({ richText: [{ text: '王' }, { text: '小明' }] } as any).text).toBe('王小明');
    expect(cellText({ formula: 'A1', result: 42 } as any).text).toBe('42');
    expect(cellText(null).text).toBe('');
  });

  it('reads genders and relations', () => {
    expect([parseGender('男'), parseGender('女'), parseGender(''), parseGender('x')]).toEqual(['M', 'F', null, undefined]);
    expect([parseRelation('妈妈'), parseRelation('父亲'), parseRelation('外婆'), parseRelation('舅舅'), parseRelation('')]).toEqual(['mother', 'father', 'grandparent', 'other', null]);
  });

  it('finds the header under a title, merges rows of one student, and normalises classes', async () => {
    const parsed = await parseRoster(await xlsx([
      ['2026 学年花名册'],
      [],
      ['班级', '姓名', '学籍号', '家长手机'],
      ['三年级(1)班', '王小明', 'g001', 13800000001],
      ['3年级1班', '王小明', 'G001', '138 0000 0002'],
      ['三年级1班', '李 雷', null, null],
    ]));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rowsRead).toBe(3);
    expect(parsed.students).toEqual([
      { row: 4, grade: '三年级', className: '1班', name: '王小明', studentNo: 'G001', gender: null, guardians: [
        { name: null, relation: null, phone: '13800000001' }, { name: null, relation: null, phone: '13800000002' },
      ] },
      { row: 6, grade: '三年级', className: '1班', name: '李雷', studentNo: null, gender: null, guardians: [] },
    ]);
  });

  it('reads 七年级 and 初一, 十年级 and 高一 as the same grade', async () => {
    const parsed = await parseRoster(await xlsx([
      ['年级', '班级', '姓名'],
      ['七年级', '1班', '甲'],
      ['初一', '1班', '乙'],
      [null, '七年级(1)班', '丙'],
      ['初一', '七年级(1)班', '丁'],
      ['十年级', '初中一年级(1)班', '戊'],
      ['十年级', '2班', '己'],
    ]));
    expect(parsed.problems).toEqual([{ row: 6, column: '班级', problem: '班级“初中一年级(1)班”与年级“十年级”不一致' }]);
    expect(parsed.students.map((x) => [x.name, x.grade, x.className])).toEqual([
      ['甲', '初一', '1班'], ['乙', '初一', '1班'], ['丙', '初一', '1班'], ['丁', '初一', '1班'], ['己', '高一', '2班'],
    ]);
  });

  it('refuses grades that do not exist, with the row', async () => {
    const parsed = await parseRoster(await xlsx([
      ['年级', '班级', '姓名'],
      ['十三年级', '1班', '甲'],
      ['高四', '1班', '乙'],
      [null, '零年级(2)班', '丙'],
      [null, '初四(1)班', '丁'],
      ['三年级', '1班', '戊'],
    ]));
    expect(parsed.problems).toEqual([
      { row: 2, column: '年级', problem: '没有“十三年级”：年级只有一年级到十二年级（初一到高三）' },
      { row: 3, column: '年级', problem: '没有“高四”：高中只有高一到高三' },
      { row: 4, column: '班级', problem: '没有“零年级”：年级只有一年级到十二年级（初一到高三）' },
      { row: 5, column: '班级', problem: '没有“初四”：初中只有初一到初三' },
    ]);
    expect(parsed.students.map((x) => x.name)).toEqual(['戊']);
  });

  it('reports missing columns and empty sheets', async () => {
    expect((await parseRoster(await xlsx([['姓名', '性别'], ['王小明', '男']]))).problems).toEqual([{ row: 1, column: '班级', problem: '缺少“班级”列' }]);
    expect((await parseRoster(await xlsx([['随便'], ['什么']]))).problems[0].problem).toContain('没有找到表头');
    expect((await parseRoster(await rosterTemplate())).problems[0].problem).toContain('没有学生数据');
  });

  it('refuses files that are not xlsx', async () => {
    await expect(parseRoster(Buffer.from('a,b\n1,2'))).rejects.toBeInstanceOf(RosterFileUnreadable);
    await expect(parseRoster(Buffer.from('PK\x03\x04garbage'))).rejects.toBeInstanceOf(RosterFileUnreadable);
  });
});
