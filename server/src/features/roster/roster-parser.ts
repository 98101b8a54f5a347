import type ExcelJS from 'exceljs';
import { FIELD_LIMITS, Relation, type RosterRowProblem } from '@anxin/shared';
import { readGradeName, splitClassName } from '../tenancy/class-names';
import { isMobilePhone, normalisePhone } from '../tenancy/phone-hash';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';

/**
 * Reads a school roster (.xlsx, in the shapes schools keep) into validated rows. Pure: no database. Every problem
 * of every row is collected (row number as Excel shows it, the column's header as written, the problem in Chinese).
 */

export type RosterField = 'grade' | 'className' | 'name' | 'studentNo' | 'gender' | 'guardianName' | 'relation' | 'phone';

export const ROSTER_TEMPLATE_HEADERS = ['年级', '班级', '学生姓名', '学籍号', '性别', '家长姓名', '关系', '联系电话'] as const;

/** Header texts as schools write them, after normaliseHeader. */
const HEADER_ALIASES: Record<RosterField, string[]> = {
  grade: ['年级', '年级名称', '所在年级'],
  className: ['班级', '班级名称', '班别', '班', '所在班级'],
  name: ['学生姓名', '姓名', '学生'],
  studentNo: ['学籍号', '全国学籍号', '学号', '学生学籍号', '国家学籍号', '学籍编号', '学籍辅号'],
  gender: ['性别', '学生性别'],
  guardianName: ['家长姓名', '监护人', '监护人姓名', '家长', '联系人', '联系人姓名'],
  relation: ['关系', '与学生关系', '监护人关系', '家长关系', '与学生的关系', '亲属关系'],
  phone: ['联系电话', '手机号', '手机号码', '电话', '家长电话', '家长手机', '家长手机号', '监护人电话', '监护人手机', '联系方式', '手机'],
};

/** Keyword fallbacks for headers that are not in the alias list, tried in this order. */
const HEADER_KEYWORDS: [RosterField, RegExp][] = [
  ['phone', /电话|手机/],
  ['studentNo', /学籍|学号/],
  ['relation', /关系/],
  ['guardianName', /(家长|监护人).*姓名|姓名.*(家长|监护人)/],
  ['gender', /性别/],
  ['grade', /年级/],
  ['className', /班级/],
  ['name', /姓名/],
];

export const FIELD_LABELS: Record<RosterField, string> = {
  grade: '年级', className: '班级', name: '学生姓名', studentNo: '学籍号', gender: '性别', guardianName: '家长姓名', relation: '关系', phone: '联系电话',
};

export const MAX_ROSTER_ROWS = 20_000;
const HEADER_SCAN_ROWS = 20;

/** Trim, drop whitespace (incl. full-width), required-field stars and parenthesised notes: "联系电话（必填）" → 联系电话. */
export function normaliseHeader(raw: string): string {
  return raw
    .replace(/[\s\u3000*＊:：]/g, '')
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '');
}

export function matchHeader(raw: string): RosterField | null {
  const h = normaliseHeader(raw);
  if (!h) return null;
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [RosterField, string[]][]) {
    if (aliases.includes(h)) return field;
  }
  for (const [field, re] of HEADER_KEYWORDS) if (re.test(h)) return field;
  return null;
}

export interface RosterGuardianRow {
  name: string | null;
  relation: Relation | null;
  /** Normalised mobile number (hashed before anything is stored). */
  phone: string;
}

/** One student as the file describes them (rows for the same student are merged; each may add a guardian). */
export interface RosterStudentRow {
  /** First sheet row of this student. */
  row: number;
  grade: string;
  className: string;
  name: string;
  studentNo: string | null;
  gender: 'M' | 'F' | null;
  guardians: RosterGuardianRow[];
}

export interface ParsedRoster {
  sheetName: string;
  rowsRead: number;
  /** Whether the file has a phone column: only then does it speak for the students' roster guardians. */
  hasPhoneColumn: boolean;
  students: RosterStudentRow[];
  problems: RosterRowProblem[];
}

export class RosterFileUnreadable extends Error {}

interface CellText {
  text: string;
  /** The cell held a number that is not an exactly representable integer (e.g. a 19-digit 学籍号 typed as a number). */
  lossyNumber: boolean;
}

/** A cell as text, whatever Excel stored: numbers without exponent or ".0", rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue | undefined): CellText {
  if (value === null || value === undefined) return { text: '', lossyNumber: false };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) return { text: String(value), lossyNumber: false };
    if (Number.isInteger(value)) return { text: BigInt(value).toString(), lossyNumber: true };
    return { text: String(value), lossyNumber: false };
  }
  if (typeof value === 'string') return { text: value.trim(), lossyNumber: false };
  if (typeof value === 'boolean') return { text: String(value), lossyNumber: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), lossyNumber: false };
  const v = value as any;
  if (Array.isArray(v.richText)) return { text: v.richText.map((r: { text: string }) => r.text).join('').trim(), lossyNumber: false };
  if ('result' in v) return cellText(v.result);
  if ('text' in v) return cellText(v.text);
  if ('error' in v) return { text: String(v.error), lossyNumber: false };
  return { text: String(value).trim(), lossyNumber: false };
}

const SCIENTIFIC = /^-?\d+(\.\d+)?E[+-]?\d+$/i;

export function parseGender(raw: string): 'M' | 'F' | null | undefined {
  const s = raw.trim().toUpperCase();
  if (!s) return null;
  if (['男', '男生', '男性', 'M', 'MALE', '1'].includes(s)) return 'M';
  if (['女', '女生', '女性', 'F', 'FEMALE', '2'].includes(s)) return 'F';
  return undefined;
}

export function parseRelation(raw: string): Relation | null {
  const s = raw.replace(/\s/g, '');
  if (!s) return null;
  if (/^(父亲|爸爸|父|爸|father)$/i.test(s)) return Relation.FATHER;
  if (/^(母亲|妈妈|母|妈|mother)$/i.test(s)) return Relation.MOTHER;
  if (/^(祖父|祖母|外祖父|外祖母|爷爷|奶奶|外公|外婆|姥姥|姥爷|祖父母|外祖父母)$/.test(s)) return Relation.GRANDPARENT;
  return Relation.OTHER;
}

/** Loads the workbook; anything that is not a readable .xlsx is RosterFileUnreadable. */
export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  // .xlsx is a zip archive: "PK\x03\x04". Old .xls (OLE2) and CSV are refused with a clear message.
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) throw new RosterFileUnreadable('not an xlsx');
  const wb = newWorkbook();
  try {
    await wb.xlsx.load(buffer as any);
  } catch {
    throw new RosterFileUnreadable('xlsx could not be read');
  }
  return wb;
}

interface HeaderMatch {
  sheet: ExcelJS.Worksheet;
  headerRow: number;
  columns: Map<RosterField, { col: number; label: string }>;
}

function findHeader(wb: ExcelJS.Workbook): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  for (const sheet of wb.worksheets) {
    const last = Math.min(sheet.rowCount, HEADER_SCAN_ROWS);
    for (let r = 1; r <= last; r++) {
      const row = sheet.getRow(r);
      const columns = new Map<RosterField, { col: number; label: string }>();
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const label = cellText(cell.value).text;
        const field = matchHeader(label);
        if (field && !columns.has(field)) columns.set(field, { col, label: label.trim() });
      });
      if (columns.has('name') && columns.has('className')) return { sheet, headerRow: r, columns };
      if (!best && columns.size >= 2 && (columns.has('name') || columns.has('className'))) best = { sheet, headerRow: r, columns };
    }
  }
  return best;
}

/** Parses and validates the whole file. Never throws for row problems: they are all returned. */
export async function parseRoster(buffer: Buffer): Promise<ParsedRoster> {
  const wb = await loadWorkbook(buffer);
  const header = findHeader(wb);
  if (!header) {
    return {
      sheetName: wb.worksheets[0]?.name ?? '', rowsRead: 0, hasPhoneColumn: false, students: [],
      problems: [{ row: 1, column: '表头', problem: '没有找到表头：表格需要“学生姓名”和“班级”两列（前 20 行内）' }],
    };
  }
  const { sheet, headerRow, columns } = header;
  const problems: RosterRowProblem[] = [];
  for (const required of ['name', 'className'] as RosterField[]) {
    if (!columns.has(required)) problems.push({ row: headerRow, column: FIELD_LABELS[required], problem: `缺少“${FIELD_LABELS[required]}”列` });
  }
  if (problems.length) return { sheetName: sheet.name, rowsRead: 0, hasPhoneColumn: columns.has('phone'), students: [], problems };

  const label = (f: RosterField) => columns.get(f)?.label ?? FIELD_LABELS[f];
  const students = new Map<string, RosterStudentRow>();
  let rowsRead = 0;

  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r <= headerRow) return;
    const get = (f: RosterField): CellText => {
      const c = columns.get(f);
      return c ? cellText(row.getCell(c.col).value) : { text: '', lossyNumber: false };
    };
    const cells = Object.fromEntries((Object.keys(FIELD_LABELS) as RosterField[]).map((f) => [f, get(f)])) as Record<RosterField, CellText>;
    if (Object.values(cells).every((c) => c.text === '')) return;
    rowsRead++;
    if (rowsRead > MAX_ROSTER_ROWS) {
      if (rowsRead === MAX_ROSTER_ROWS + 1) problems.push({ row: r, column: '', problem: `超过 ${MAX_ROSTER_ROWS} 行，请按年级分成几个文件导入` });
      return;
    }
    const rowProblems: RosterRowProblem[] = [];
    const problem = (f: RosterField, text: string) => rowProblems.push({ row: r, column: label(f), problem: text });

    const name = cells.name.text.replace(/[\s\u3000]/g, '');
    if (!name) problem('name', '学生姓名不能为空');
    else if (Array.from(name).length > FIELD_LIMITS.personNameMax) problem('name', `学生姓名过长（最多 ${FIELD_LIMITS.personNameMax} 个字）`);

    // A grade that is written like a school year but is none ("十三年级", "高四") is the row's problem, never a new grade.
    let gradeInvalid = false;
    const readGrade = (f: RosterField, text: string): string | null => {
      const r = readGradeName(text);
      if (r.kind !== 'invalid') return r.name;
      gradeInvalid = true;
      problem(f, r.problem);
      return null;
    };
    let grade: string | null = cells.grade.text ? readGrade('grade', cells.grade.text) : null;
    let className = '';
    if (!cells.className.text) problem('className', '班级不能为空');
    else {
      const split = splitClassName(cells.className.text);
      className = split.name;
      const classGrade = split.grade ? readGrade('className', split.grade) : null;
      if (classGrade && grade && classGrade !== grade) problem('className', `班级“${cells.className.text}”与年级“${cells.grade.text}”不一致`);
      grade = grade ?? classGrade;
      if (!grade && !gradeInvalid) problem(columns.has('grade') ? 'grade' : 'className', '缺少年级：请填写年级列，或把班级写成“三年级(1)班”');
      if (Array.from(className).length > FIELD_LIMITS.classNameMax) problem('className', `班级名称过长（最多 ${FIELD_LIMITS.classNameMax} 个字）`);
    }

    let studentNo: string | null = null;
    const no = cells.studentNo;
    if (no.text) {
      const compact = no.text.replace(/[\s\u3000]/g, '');
      if (no.lossyNumber) problem('studentNo', '学籍号是数字格式且位数太长，末尾几位已丢失；请把该列设为“文本”格式后重新填写');
      else if (SCIENTIFIC.test(compact)) problem('studentNo', `学籍号显示为科学计数法（${compact}），请把该列设为“文本”格式后重新填写`);
      else if (!/^[0-9A-Za-z-]{1,40}$/.test(compact)) problem('studentNo', '学籍号只能包含字母和数字（最多 40 位）');
      else studentNo = compact.toUpperCase();
    }

    const gender = parseGender(cells.gender.text);
    if (gender === undefined) problem('gender', `性别“${cells.gender.text}”无法识别，请填写“男”或“女”`);

    let guardian: RosterGuardianRow | null = null;
    const phoneCell = cells.phone;
    if (phoneCell.text) {
      const compact = phoneCell.text.replace(/[\s\u3000]/g, '');
      if (phoneCell.lossyNumber || SCIENTIFIC.test(compact)) {
        problem('phone', `联系电话显示为科学计数法（${compact}），号码已不完整；请把该列设为“文本”格式后重新填写`);
      } else {
        const phone = normalisePhone(compact);
        if (!isMobilePhone(phone)) problem('phone', `联系电话“${phoneCell.text}”不是 11 位手机号`);
        else {
          const guardianName = cells.guardianName.text.replace(/[\s\u3000]/g, '') || null;
          if (guardianName && Array.from(guardianName).length > FIELD_LIMITS.personNameMax) problem('guardianName', `家长姓名过长（最多 ${FIELD_LIMITS.personNameMax} 个字）`);
          guardian = { name: guardianName, relation: parseRelation(cells.relation.text), phone };
        }
      }
    }

    if (rowProblems.length) {
      problems.push(...rowProblems);
      return;
    }
    const key = studentNo ? `no:${studentNo}` : `cn:${grade}|${className}|${name}`;
    const seen = students.get(key);
    if (seen) {
      // Several rows for one student (one per guardian) are fine; the same 学籍号 for another child is not.
      if (seen.name !== name || seen.grade !== grade || seen.className !== className) {
        problems.push({ row: r, column: label('studentNo'), problem: `学籍号与第 ${seen.row} 行相同，但姓名或班级不同` });
        return;
      }
      if (gender && !seen.gender) seen.gender = gender;
      if (guardian && !seen.guardians.some((g) => g.phone === guardian!.phone)) seen.guardians.push(guardian);
      return;
    }
    students.set(key, { row: r, grade: grade!, className, name, studentNo, gender: gender ?? null, guardians: guardian ? [guardian] : [] });
  });

  if (rowsRead === 0 && problems.length === 0) problems.push({ row: headerRow + 1, column: '', problem: '表头下面没有学生数据' });
  return { sheetName: sheet.name, rowsRead, hasPhoneColumn: columns.has('phone'), students: [...students.values()], problems };
}

/** The template schools download: the headers, 学籍号 and 联系电话 formatted as text, and a sheet of instructions. */
export async function rosterTemplate(): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('学生名单');
  addSafeRow(ws, [...ROSTER_TEMPLATE_HEADERS]);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((col, i) => {
    col.width = [8, 12, 12, 24, 6, 12, 8, 16][i];
    if (ROSTER_TEMPLATE_HEADERS[i] === '学籍号' || ROSTER_TEMPLATE_HEADERS[i] === '联系电话') col.numFmt = '@';
  });
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    '每行一名学生；一名学生有两位家长时，可以写两行（姓名、班级、学籍号相同，联系电话不同）。',
    '年级写“三年级”或“3年级”，初中、高中写“初一”“高二”（“七年级”“十一年级”也可以，按同一个年级导入）；班级写“1班”，也可以写“三年级(1)班”。',
    '学籍号和联系电话请保持“文本”格式，不要让 Excel 显示成 1.38E+10。',
    '联系电话只用于家长绑定时核对身份，系统只保存其加密摘要，不保存号码本身。',
  ]) addSafeRow(help, [line]);
  help.getColumn(1).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
