import { randomBytes, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { CHILD_DATA_CONSENT_VERSION } from '@anxin/shared';
import { AuditEntryEntity } from '../../src/platform/audit/audit-entry.entity';
import { BindingEntity } from '../../src/features/bindings/binding.entity';
import { AuditService } from '../../src/platform/audit/audit.service';
import { seedDemo, type DemoSchoolIds } from '../../src/features/demo/demo-seed';
import { ClassEntity } from '../../src/features/tenancy/class.entity';
import { GradeEntity } from '../../src/features/tenancy/grade.entity';
import { RosterGuardianEntity } from '../../src/features/tenancy/roster-guardian.entity';
import { StudentEntity } from '../../src/features/tenancy/student.entity';
import { In } from 'typeorm';
import { TestApp } from '../support/test-app';

type Cell = string | number | null;

/** An .xlsx built the way schools' files look: optional title rows above the header. */
async function workbook(header: string[], rows: Cell[][], options: { titleRows?: string[]; sheetName?: string; textColumns?: number[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.sheetName ?? 'Sheet1');
  for (const title of options.titleRows ?? []) ws.addRow([title]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(parts: { name: string; value?: string; file?: Buffer; filename?: string }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----anxin${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (p.file) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename ?? 'roster.xlsx'}"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'));
      chunks.push(p.file, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const HEADER = ['年级', '班级', '学生姓名', '学籍号', '性别', '家长姓名', '关系', '联系电话'];
const GOOD_ROWS: Cell[][] = [
  ['五年级', '1班', '孙小红', 'G110101201501010011', '女', '孙妈妈', '母亲', '13700000001'],
  ['五年级', '1班', '孙小红', 'G110101201501010011', '女', '孙爸爸', '父亲', '13700000002'],
  ['五年级', '1班', '钱多多', 'G110101201501010012', '男', '钱奶奶', '奶奶', '13700000003'],
  ['5年级', '(2)班', '赵小刚', 'G110101201501010013', '男', null, null, null],
  ['五年级', '2班', '李四', 'G110101201501010014', '女', '李父', '爸爸', '137 0000 0005'],
];

describe('roster import (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;
  const tokens: Record<string, string> = {};
  const tok = (role: 'guardian' | 'teacher' | 'principal' | 'admin' | 'contact', school: 'a' | 'b' = 'a') => tokens[`${role}:${school}`];
  const url = () => `/schools/${ids.a.schoolId}/roster`;
  const upload = (file: Buffer, options: { token?: string; dryRunField?: string; query?: string; schoolId?: string } = {}) => {
    const body = multipart([
      ...(options.dryRunField !== undefined ? [{ name: 'dryRun', value: options.dryRunField }] : []),
      { name: 'file', file },
    ]);
    const path = `/schools/${options.schoolId ?? ids.a.schoolId}/roster${options.query ?? ''}`;
    return t.request('POST', path, { token: options.token ?? tok('admin'), payload: body.payload, headers: body.headers });
  };
  const counts = async () => ({
    grades: await t.ds.getRepository(GradeEntity).count({ where: { schoolId: ids.a.schoolId } }),
    classes: await t.ds.getRepository(ClassEntity).count({ where: { schoolId: ids.a.schoolId } }),
    students: await t.ds.getRepository(StudentEntity).count({ where: { schoolId: ids.a.schoolId } }),
    guardians: await t.ds.getRepository(RosterGuardianEntity).count({ where: { schoolId: ids.a.schoolId } }),
  });

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await seedDemo(t.ds, t.clock.now(), t.config.masterKey);
    for (const school of ['a', 'b'] as const) {
      for (const role of ['guardian', 'teacher', 'principal', 'admin', 'contact'] as const) tokens[`${role}:${school}`] = await t.login(role, school);
    }
  });
  afterAll(() => t?.stop());

  it('a dry run reports what would change and applies nothing (field or query)', async () => {
    const before = await counts();
    const file = await workbook(HEADER, GOOD_ROWS);
    for (const options of [{ dryRunField: 'true' }, { query: '?dryRun=true' }]) {
      const res = await upload(file, options);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        dryRun: true, applied: false, rowsRead: 5, problems: [],
        created: { grades: 1, classes: 2, students: 4, guardians: 4 }, updated: { students: 0 }, unchanged: 0,
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('applies a good file: grades, classes, students and hashed guardian phones; audited with counts', async () => {
    const before = await counts();
    const res = await upload(await workbook(HEADER, GOOD_ROWS));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: false, applied: true, sheetName: 'Sheet1', rowsRead: 5, problems: [],
      created: { grades: 1, classes: 2, students: 4, guardians: 4 }, updated: { students: 0 }, unchanged: 0,
    });
    expect(await counts()).toEqual({ grades: before.grades + 1, classes: before.classes + 2, students: before.students + 4, guardians: before.guardians + 4 });

    const classes = (await t.request('GET', `/schools/${ids.a.schoolId}/classes`, { token: tok('admin') })).body;
    const c1 = classes.find((c: any) => c.gradeName === '五年级' && c.name === '1班');
    expect(classes.filter((c: any) => c.gradeName === '五年级').map((c: any) => c.name)).toEqual(['1班', '2班']);
    const roster = (await t.request('GET', `/classes/${c1.id}/students`, { token: tok('admin') })).body;
    expect(roster).toEqual([
      expect.objectContaining({ name: '孙小红', studentNo: 'G110101201501010011', gender: 'F' }),
      expect.objectContaining({ name: '钱多多', studentNo: 'G110101201501010012', gender: 'M' }),
    ]);
    const guardians = await t.ds.getRepository(RosterGuardianEntity).find({ where: { studentId: roster[0].id } });
    expect(guardians.map((g) => [g.name, g.relation]).sort()).toEqual([['孙妈妈', 'mother'], ['孙爸爸', 'father']]);
    expect(JSON.stringify(await t.ds.getRepository(RosterGuardianEntity).find())).not.toContain('1370000000');

    const [entry] = await t.ds.getRepository(AuditEntryEntity).find({ where: { schoolId: ids.a.schoolId, action: 'roster.imported' } });
    expect(entry.details).toMatchObject({ rowsRead: 5, created: { grades: 1, classes: 2, students: 4, guardians: 4 }, unchanged: 0 });
  });

  it('importing the same file again changes nothing', async () => {
    const before = await counts();
    const res = await upload(await workbook(HEADER, GOOD_ROWS));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: true, created: { grades: 0, classes: 0, students: 0, guardians: 0 }, updated: { students: 0 }, removed: { guardians: 0 }, unchanged: 4 });
    expect(await counts()).toEqual(before);
  });

  it('updates changed students and guardians by 学籍号 (class move, name fix, phone change)', async () => {
    const rows = GOOD_ROWS.map((r) => [...r]);
    rows[2][1] = '2班'; // 钱多多 moves to 2班
    rows[3][2] = '赵晓刚'; // name corrected
    rows[4][7] = '13700000006'; // 李四's phone changed
    const res = await upload(await workbook(HEADER, rows));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: { students: 0, guardians: 1 }, updated: { students: 3 }, removed: { guardians: 1 }, unchanged: 1 });
    const moved = await t.ds.getRepository(StudentEntity).findOneByOrFail({ studentNo: 'G110101201501010012' });
    const cls = await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: moved.classId });
    expect(cls.name).toBe('2班');
    expect((await t.ds.getRepository(StudentEntity).findOneByOrFail({ studentNo: 'G110101201501010013' })).name).toBe('赵晓刚');
  });

  it('a file with errors applies nothing and reports every bad row in Chinese', async () => {
    const before = await counts();
    const file = await workbook(HEADER, [
      ['六年级', '1班', '周一', 'G1', '男', '周父', '父亲', '13700000011'],
      ['六年级', '1班', '', 'G2', '男', null, null, null],
      ['六年级', '1班', '周三', 'G3', '未知', null, null, null],
      ['六年级', '1班', '周四', 'G4', '女', '周母', '母亲', '1.37E+10'],
      ['六年级', '1班', '周五', 'G5', '女', '周母', '母亲', '12345'],
      ['六年级', '三年级(2)班', '周六', 'G6', '女', null, null, null],
      [null, '1班', '周七', 'G7', '女', null, null, null],
      ['六年级', '1班', '周八', 'G1', '女', null, null, null],
    ]);
    const res = await upload(file);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ROSTER_INVALID');
    const problems: { row: number; column: string; problem: string }[] = res.body.details.problems;
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, '学生姓名'], [4, '性别'], [5, '联系电话'], [6, '联系电话'], [7, '班级'], [8, '年级'], [9, '学籍号'],
    ]);
    expect(problems[0].problem).toBe('学生姓名不能为空');
    expect(problems[2].problem).toContain('科学计数法');
    expect(problems[6].problem).toContain('第 2 行');
    expect(res.body.details).toMatchObject({ applied: false, rowsRead: 8 });
    expect(await counts()).toEqual(before);
    // also with dryRun: the same report, 422
    expect((await upload(file, { dryRunField: 'true' })).status).toBe(422);
  });

  it('finds the header below a title row, matches headers leniently, keeps numeric 学籍号 and phones exact', async () => {
    const header = ['序号', '班 级', '姓名', '全国学籍号', '性别', '监护人', '与学生关系', '手机号（必填）'];
    const file = await workbook(header, [
      [1, '三年级（2）班', '欧阳晓航', 201501012345, '男', '吴爸爸', '父亲', 13700000021],
      [2, '3年级2班', '新同学', '00012345', '女', '新妈妈', '妈妈', '13700000022'],
      [3, '四年级1班', '郭子墨', null, '男', null, null, null],
    ], { titleRows: ['阳光实验小学 2026 学年学生花名册', ''], sheetName: '花名册' });
    const res = await upload(file);
    if (res.status !== 200) console.log(JSON.stringify(res.body));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sheetName: '花名册', rowsRead: 3, created: { grades: 0, classes: 0, students: 2, guardians: 2 } });
    const numeric = await t.ds.getRepository(StudentEntity).findOneByOrFail({ studentNo: '201501012345' });
    expect(numeric.name).toBe('欧阳晓航');
    expect((await t.ds.getRepository(StudentEntity).findOneByOrFail({ studentNo: '00012345' })).name).toBe('新同学');
    // the demo's 郭子墨 (no 学籍号 in the file) was matched by class + name, not duplicated
    expect(await t.ds.getRepository(StudentEntity).count({ where: { schoolId: ids.a.schoolId, name: '郭子墨' } })).toBe(1);
  });

  it('refuses a 学籍号 that Excel stored as a number too long to be exact', async () => {
    const res = await upload(await workbook(HEADER, [['三年级', '1班', '长学号', Number('1101012015010123456789'), '男', null, null, null]]));
    expect(res.status).toBe(422);
    expect(res.body.details.problems).toEqual([expect.objectContaining({ row: 2, column: '学籍号' })]);
  });

  it('a child who moves class takes their guardians\' bindings along (letters and pledges reach the new class)', async () => {
    const child = await t.ds.getRepository(StudentEntity).findOneByOrFail({ studentNo: 'G110101201501010014' });
    const guardianUserId = (await t.request('GET', '/me', { token: tok('guardian') })).body.id;
    const bindingId = randomUUID();
    await t.ds.getRepository(BindingEntity).insert({
      id: bindingId, guardianUserId, studentId: child.id, classId: child.classId, schoolId: ids.a.schoolId, relation: 'father', status: 'approved',
      autoApproved: false, decidedBy: null, decidedAt: null, rejectReason: null, createdAt: t.clock.now(),
    });
    const rows = GOOD_ROWS.map((r) => [...r]);
    rows[2][1] = '2班';
    rows[4][1] = '1班'; // 李四 moves from 2班 to 1班
    expect((await upload(await workbook(HEADER, rows))).status).toBe(200);
    const moved = await t.ds.getRepository(StudentEntity).findOneByOrFail({ id: child.id });
    expect(moved.classId).not.toBe(child.classId);
    expect((await t.ds.getRepository(BindingEntity).findOneByOrFail({ id: bindingId })).classId).toBe(moved.classId);
  });

  it('a roster phone then approves a guardian binding at once', async () => {
    const lookup = await t.request('GET', '/invite-codes/DEMO3A02/lookup', { token: tok('guardian') });
    const child = lookup.body.students.find((s: any) => s.maskedName === '欧**航');
    const res = await t.request('POST', '/bindings', {
      token: tok('guardian'),
      body: { inviteCode: 'DEMO3A02', studentId: child.id, studentName: '欧阳晓航', relation: 'father', phone: '13700000021', consentVersion: CHILD_DATA_CONSENT_VERSION },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'approved', autoApproved: true });
  });

  it('answers 422 for a file that is not .xlsx, 413 above 10 MB, 415 without multipart, 400 without a file', async () => {
    const notXlsx = await upload(Buffer.from('姓名,班级\n张三,1班\n'));
    expect(notXlsx.status).toBe(422);
    expect(notXlsx.body.code).toBe('ROSTER_FILE_UNREADABLE');
    const big = await upload(Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(10 * 1024 * 1024 + 10)]));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const json = await t.request('POST', url(), { token: tok('admin'), body: { file: 'x' } });
    expect(json.status).toBe(415);
    const empty = multipart([{ name: 'dryRun', value: 'true' }]);
    expect((await t.request('POST', url(), { token: tok('admin'), payload: empty.payload, headers: empty.headers })).status).toBe(400);
  });

  it('is for school admins of that school only', async () => {
    const file = await workbook(HEADER, GOOD_ROWS);
    expect((await upload(file, { token: tok('teacher') })).status).toBe(403);
    expect((await upload(file, { token: tok('contact') })).status).toBe(403);
    expect((await upload(file, { token: tok('admin', 'b') })).status).toBe(404);
    expect((await upload(file, { token: tok('principal') })).status).toBe(200);
  });

  it('serves the template with the expected headers', async () => {
    const res = await t.request('GET', `${url()}/template.xlsx`, { token: tok('admin') });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as any);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    // the template itself imports as "no data", not as an error about headers
    const back = await upload(res.raw);
    expect(back.status).toBe(422);
    expect(back.body.details.problems[0].problem).toContain('没有学生数据');
    expect((await t.request('GET', `${url()}/template.xlsx`, { token: tok('teacher') })).status).toBe(403);
    expect((await t.request('GET', `${url()}/template.xlsx`, { token: tok('admin', 'b') })).status).toBe(404);
  });

  it('any checkbox-like dryRun is a dry run; an unknown value is refused with 400 naming the field, never imported', async () => {
    const before = await counts();
    const file = await workbook(HEADER, GOOD_ROWS);
    for (const value of ['on', 'ON', 'yes', 'checked', '1', 'True']) {
      for (const options of [{ dryRunField: value }, { query: `?dryRun=${value}` }]) {
        const res = await upload(file, options);
        expect([value, res.status, res.body.dryRun, res.body.applied]).toEqual([value, 200, true, false]);
      }
    }
    // Asked for a dry run in one place and "no" in the other: still a dry run.
    expect((await upload(file, { dryRunField: 'off', query: '?dryRun=on' })).body).toMatchObject({ dryRun: true, applied: false });
    for (const value of ['maybe', 'y', 'tru', '2']) {
      for (const options of [{ dryRunField: value }, { query: `?dryRun=${value}` }]) {
        const res = await upload(file, options);
        expect([value, res.status, res.body.code]).toEqual([value, 400, 'VALIDATION_FAILED']);
        expect(JSON.stringify(res.body.details)).toContain('dryRun');
      }
    }
    expect(await counts()).toEqual(before);
  });

  describe('grades', () => {
    const schoolB = () => ids.b.schoolId;
    const gradesOfB = async () => (await t.ds.getRepository(GradeEntity).find({ where: { schoolId: schoolB() } })).map((g) => g.name).sort();
    const importB = async (rows: Cell[][]) => upload(await workbook(['年级', '班级', '学生姓名', '学籍号'], rows), { schoolId: schoolB(), token: tok('admin', 'b') });

    it('refuses grades that do not exist, with the row, and applies nothing', async () => {
      const before = await gradesOfB();
      const res = await importB([
        ['十三年级', '1班', '甲同学', 'GR0001'],
        ['高四', '1班', '乙同学', 'GR0002'],
        ['零年级', '1班', '丙同学', 'GR0003'],
        [null, '初四(2)班', '丁同学', 'GR0004'],
        ['初一', '1班', '戊同学', 'GR0005'],
      ]);
      expect(res.status).toBe(422);
      expect(res.body.details.problems).toEqual([
        { row: 2, column: '年级', problem: '没有“十三年级”：年级只有一年级到十二年级（初一到高三）' },
        { row: 3, column: '年级', problem: '没有“高四”：高中只有高一到高三' },
        { row: 4, column: '年级', problem: '没有“零年级”：年级只有一年级到十二年级（初一到高三）' },
        { row: 5, column: '班级', problem: '没有“初四”：初中只有初一到初三' },
      ]);
      expect(await gradesOfB()).toEqual(before);
    });

    it('七年级 rows land in the school\'s 初一, 十年级 and 高一 become one grade', async () => {
      const res = await importB([
        ['七年级', '1班', '七甲', 'GR0101'],
        ['初一', '1班', '七乙', 'GR0102'],
        [null, '七年级(1)班', '七丙', 'GR0103'],
        ['十年级', '1班', '高甲', 'GR0104'],
        ['高一', '1班', '高乙', 'GR0105'],
      ]);
      expect(res.status).toBe(200);
      expect(res.body.created).toMatchObject({ grades: 1, classes: 1, students: 5 });
      const grades = await t.ds.getRepository(GradeEntity).find({ where: { schoolId: schoolB() } });
      expect(grades.filter((g) => ['初一', '七年级'].includes(g.name)).map((g) => g.name)).toEqual(['初一']);
      expect(grades.filter((g) => ['高一', '十年级'].includes(g.name)).map((g) => [g.name, g.sort])).toEqual([['高一', 10]]);
      const chuYi = grades.find((g) => g.name === '初一')!;
      const cls = await t.ds.getRepository(ClassEntity).findOneByOrFail({ gradeId: chuYi.id, name: '1班' });
      expect(await t.ds.getRepository(StudentEntity).count({ where: { classId: cls.id, studentNo: In(['GR0101', 'GR0102', 'GR0103']) } })).toBe(3);
    });

    it('a school that stored 八年级 (or both 九年级 and 初三) gets 初二 / 初三 rows there, not a new grade', async () => {
      const grades = t.ds.getRepository(GradeEntity);
      await grades.insert([
        { id: randomUUID(), schoolId: schoolB(), name: '八年级', sort: 8 }, { id: randomUUID(), schoolId: schoolB(), name: '九年级', sort: 9 },
        { id: randomUUID(), schoolId: schoolB(), name: '初三', sort: 9 },
      ]);
      const before = await gradesOfB();
      const res = await importB([['初二', '1班', '八甲', 'GR0201'], ['初三', '1班', '九甲', 'GR0202'], ['九年级', '1班', '九乙', 'GR0203']]);
      expect(res.status).toBe(200);
      expect(res.body.created).toMatchObject({ grades: 0, students: 3 });
      expect(await gradesOfB()).toEqual(before);
      const byName = new Map((await grades.find({ where: { schoolId: schoolB() } })).map((g) => [g.name, g.id]));
      const gradeOf = async (no: string) => {
        const st = await t.ds.getRepository(StudentEntity).findOneByOrFail({ studentNo: no });
        return (await t.ds.getRepository(ClassEntity).findOneByOrFail({ id: st.classId })).gradeId;
      };
      expect(await gradeOf('GR0201')).toBe(byName.get('八年级'));
      expect(await gradeOf('GR0202')).toBe(byName.get('初三'));
      expect(await gradeOf('GR0203')).toBe(byName.get('初三'));
    });
  });

  it('a grade made by hand follows the same rules: one grade per school year, no school year that does not exist', async () => {
    const create = (name: string) => t.request('POST', `/schools/${ids.b.schoolId}/grades`, { token: tok('admin', 'b'), body: { name } });
    expect((await create('七年级')).body).toMatchObject({ code: 'ALREADY_EXISTS', message: '已有“初一”' });
    const bad = await create('十三年级');
    expect([bad.status, bad.body.details?.[0]?.field]).toEqual([400, 'name']);
    const made = await create('十二年级');
    expect([made.status, made.body.name]).toEqual([201, '高三']);
  });

  it('keeps the audit chain verifiable', async () => {
    expect((await t.get<AuditService>(AuditService).verifyChain(ids.a.schoolId)).ok).toBe(true);
    expect(await t.ds.getRepository(AuditEntryEntity).count({ where: { schoolId: ids.a.schoolId, action: 'roster.imported' } })).toBe(6);
  });
});

describe('roster import of 10,000 rows (real database)', () => {
  let t: TestApp;
  let ids: Record<'a' | 'b', DemoSchoolIds>;

  beforeAll(async () => {
    t = await TestApp.start();
    ids = await seedDemo(t.ds, t.clock.now(), t.config.masterKey);
  });
  afterAll(() => t?.stop());

  it('applies in one request, then re-imports as unchanged', async () => {
    const rows: Cell[][] = [];
    for (let i = 0; i < 10_000; i++) {
      const grade = 1 + Math.floor(i / 1700);
      const cls = 1 + Math.floor((i % 1700) / 50);
      rows.push([`${grade}年级`, `${cls}班`, `学生${i}`, `L${String(i).padStart(18, '0')}`, i % 2 ? '女' : '男', `家长${i}`, i % 2 ? '母亲' : '父亲', `139${String(i).padStart(8, '0')}`]);
    }
    const file = await workbook(HEADER, rows);
    const token = await t.login('admin');
    const body = multipart([{ name: 'file', file }]);

    let started = Date.now();
    const first = await t.request('POST', `/schools/${ids.a.schoolId}/roster`, { token, payload: body.payload, headers: body.headers });
    const firstMs = Date.now() - started;
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: true, rowsRead: 10_000, created: { students: 10_000, guardians: 10_000 } });
    console.log(`ROSTER 10000 rows: ${firstMs} ms (${t.db.engine}, first import, file ${Math.round(file.length / 1024)} KB, server-side ${first.body.durationMs} ms)`);

    started = Date.now();
    const second = await t.request('POST', `/schools/${ids.a.schoolId}/roster`, { token, payload: body.payload, headers: body.headers });
    const secondMs = Date.now() - started;
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ created: { students: 0, guardians: 0 }, updated: { students: 0 }, unchanged: 10_000 });
    console.log(`ROSTER 10000 rows: ${secondMs} ms (${t.db.engine}, same file again, unchanged)`);
    expect(await t.ds.getRepository(StudentEntity).count({ where: { schoolId: ids.a.schoolId } })).toBe(10_000 + 20);
  }, 180_000);
});
