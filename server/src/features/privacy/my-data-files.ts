import { BINDING_STATUS_LABELS, formatDateTime, type MyDataResponse } from '@anxin/shared';
import { addSafeRow, newWorkbook } from '../../platform/common/export/spreadsheet-cells';

/** The JSON file of 我的数据: the same document as the page, indented so a person can read it. */
export function myDataJson(data: MyDataResponse): Buffer {
  return Buffer.from(JSON.stringify(data, null, 2), 'utf8');
}

const time = (at: string | null) => (at ? formatDateTime(new Date(at)) : '');
const signed = (png: string | null) => (png ? '有（见 JSON 文件中的图片）' : '');

/**
 * The spreadsheet of 我的数据: one sheet per kind of record, every row through `addSafeRow` (text a spreadsheet could
 * read as a formula is kept as text). Handwritten signatures are in the JSON file as PNG images; the sheet says whether
 * there is one.
 */
export async function myDataXlsx(data: MyDataResponse): Promise<Buffer> {
  const wb = newWorkbook();
  const sheet = (name: string, header: string[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    addSafeRow(ws, header).font = { bold: true };
    for (const r of rows) addSafeRow(ws, r);
    ws.columns.forEach((c) => { c.width = 22; });
  };
  sheet('个人信息', ['项目', '内容'], [
    ['账号编号', data.profile.id], ['称呼', data.profile.displayName], ['开始使用日期', data.profile.createdOn], ['导出时间', time(data.generatedAt)],
  ]);
  sheet('绑定的孩子', ['孩子', '学校', '班级', '关系', '状态', '申请时间', '审核时间', '未通过原因'], data.bindings.map((b) => [
    b.studentName, b.schoolName, b.className, b.relationLabel, BINDING_STATUS_LABELS[b.status], time(b.createdAt), time(b.decidedAt), b.rejectReason ?? '',
  ]));
  sheet('孩子的花名册信息', ['姓名', '学号', '性别', '学校', '班级'], data.students.map((s) => [s.name, s.studentNo ?? '', s.gender ?? '', s.schoolName, s.className]));
  sheet('同意记录', ['内容', '版本', '孩子', '日期'], data.consents.map((c) => [c.kindLabel, c.version, c.studentName ?? '', c.givenOn]));
  sheet('通知回执', ['通知', '学校', '孩子', '阅读', '确认', '签名', '回答日期', '选择', '文字回答', '手写签名'], data.noticeReceipts.map((r) => [
    r.noticeTitle, r.schoolName, r.students.join('、'), r.readOn ?? '', r.confirmedOn ?? '', r.signedOn ?? '', r.answeredOn ?? '',
    r.answerChoices.join('、'), r.answerText ?? '', signed(r.signature),
  ]));
  sheet('承诺书签名', ['学年', '学校', '孩子', '签署人', '版本', '签署日期', '家长签名', '孩子签名'], data.pledgeSignatures.map((p) => [
    p.schoolYear, p.schoolName, p.studentName, p.relationLabel, p.versionNumber, p.signedOn, signed(p.guardianSignature), signed(p.studentSignature),
  ]));
  sheet('消息', ['标题', '内容', '时间', '已读日期'], data.inbox.map((i) => [i.title, i.body, time(i.createdAt), i.readOn ?? '']));
  sheet('登录记录', ['设备', '开始日期', '仍有效'], data.sessions.map((s) => [s.deviceLabel, s.createdOn, s.active ? '是' : '否']));
  sheet('老师能看到的', ['在哪里', '显示什么'], data.staffVisible.map((v) => [v.where, v.shows]));
  sheet('不包含', ['说明'], data.notIncluded.map((x) => [x]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
