/**
 * Every action the audit log records, with the words a person reads for it. The server's `AuditService.append`
 * accepts only these names and the app's case timeline shows these labels, so a new action is added here once,
 * with its label (a name without a label does not compile).
 */
export const AUDIT_ACTION_LABELS = {
  // schools, staff, classes
  'school.created': '创建学校',
  'school.updated': '修改学校信息',
  'school.reporter_view_changed': '修改举报人可见的处理记录（是否显示姓名）',
  'contact.changed': '更换欺凌防治负责人',
  'role.granted': '授予角色',
  'role.revoked': '撤销角色',
  'staff_invite.created': '创建教职工邀请',
  'invite_code.created': '创建班级邀请码',
  'invite_code.revoked': '停用班级邀请码',
  'roster.imported': '导入花名册',
  // onboarding a deployment: a district's own chain, and a school's first administrator
  'district.created': '创建区县教育局',
  'onboarding_invite.created': '创建开通邀请码',
  // oversight: the district's school-year calendar and its supervision flags (the district's chain)
  'calendar.changed': '修改校历（学期日期）',
  'supervision_flag.acknowledged': '确认督导提示',
  // guardians binding to their children
  'binding.requested': '申请绑定孩子',
  'binding.approved': '同意绑定',
  'binding.rejected': '拒绝绑定',
  // a guardian's rights over their data (我的数据) and the school's person responsible for children's data
  'binding.consent_withdrawn': '家长撤回对孩子信息处理的同意',
  'binding.consent_given': '家长重新同意处理孩子信息',
  'binding.relation_corrected': '家长更正与孩子的关系',
  'account.deleted': '家长注销账号',
  'child_data_officer.changed': '设置儿童个人信息保护负责人',
  // share cards in WeChat groups
  'share_group.named': '命名微信群',
  // WeCom group robots
  'robot.registered': '添加群机器人',
  'robot.updated': '修改群机器人',
  'robot.deleted': '删除群机器人',
  'robot.tested': '发送群机器人测试消息',
  'robot.settings_changed': '修改群机器人设置',
  // tips
  'tip.received': '收到举报',
  'tip.test_sent': '发送测试举报',
  'tip.viewed': '查看了举报内容',
  'tip.attachment_viewed': '查看了照片',
  'tip.evidence_viewed': '查看了原始照片（含拍摄信息）',
  'tip.acknowledged': '受理',
  'tip.escalated': '超时升级',
  // urgent call-down (紧急呼叫): settings, each step, the phone's answers
  'tip.urgent_started': '开始紧急呼叫',
  'tip.urgent_step': '紧急呼叫：发出短信或电话',
  'tip.urgent_result': '紧急呼叫：短信或电话的结果',
  'tip.urgent_stopped': '紧急呼叫已停止',
  'tip.urgent_exhausted': '紧急呼叫名单已全部呼叫',
  'tip.call_down_skipped': '紧急举报未自动呼叫（全校呼叫上限或举报激增）',
  'urgent.settings_changed': '修改紧急呼叫设置',
  'urgent.district_duty_changed': '修改区县值班电话',
  'tip.status_changed': '状态变更',
  'tip.closed': '结案',
  'tip.reopened': '重新打开案件',
  'tip.assigned': '转交经办人',
  'tip.updated': '更新了案件信息',
  'tip.message_sent': '回复举报人',
  'tip.reporter_message': '举报人留言',
  'tip.reported_onward': '续报教育部门',
  'tip.reminder_sent': '调查期限提醒',
  'tip.overdue': '调查超期',
  'tip.content_checked': '内容安全检查',
  'tip.ledger_exported': '导出台账',
  'tip.notes_viewed': '查看了内部备注',
  'tip.note_added': '添加内部备注',
  'tip.progress_set': '更新内部进展',
  'tip.redaction_saved': '保存脱敏',
  'tip.original_viewed': '查看了脱敏前的原文',
  // triage against misuse: outcomes, merging duplicates, floods
  'tip.triaged': '分流结案',
  'tip.merged': '合并为重复举报',
  'tip.flood_detected': '短时间内收到大量举报',
  // letters home, notices and warnings
  'notice.created': '起草通知',
  'notice.updated': '修改通知草稿',
  'notice.scheduled': '定时发布通知',
  'notice.published': '发布通知',
  'notice.publish_blocked': '通知未通过内容安全检查',
  'notice.closed': '通知截止确认',
  'notice.recalled': '撤回通知',
  'notice.reminded': '提醒未读家长',
  'notice.receipts_exported': '导出通知回执',
  'notice.signature_viewed': '查看家长签字',
  'notice.settings_changed': '修改通知免打扰时段',
  'notice.attachment_added': '添加通知附件',
  'notice.attachment_removed': '删除通知附件',
  'notice.signatures_exported': '导出家长签字',
  'notice.corrected': '发布更正',
  'notice.reviewed': '校长复核通知',
  // the annual anti-bullying pledge (staff actions only: a guardian's signature is sealed, never an entry of its own)
  'pledge.opened': '发起防欺凌承诺书',
  'pledge.version_published': '发布承诺书新版本',
  'pledge.reminded': '提醒未签署家长',
  'pledge.auto_reminded': '截止前自动提醒',
  'pledge.exported': '导出承诺书',
  // anonymous bullying surveys (staff actions only: a child's answer is never an entry)
  'survey.opened': '发起问卷调查',
  'survey.closed': '结束问卷调查',
  'survey.codes_printed': '查看或打印问卷答题码',
  'survey.report_viewed': '查看问卷结果',
  'survey.finding_marked': '记录问卷发现与整改措施',
  'survey.district_viewed': '查看各校问卷汇总',
  'survey.report_exported': '导出问卷结果',
  // receipts and signatures sealed in day batches (a Merkle root per school and day; names no guardian)
  'audit.receipts_sealed': '封存回执与签字（默克尔根）',
  // the anti-bullying work ledger (a district's catalogue changes are in the district's chain)
  'ledger.activity_recorded': '记录防欺凌工作',
  'ledger.activity_edited': '修改防欺凌工作记录',
  'ledger.file_added': '为防欺凌工作记录添加照片或材料',
  'ledger.exported': '导出防欺凌工作台账',
  'ledger.duty_changed': '修改防欺凌工作职责清单',
  // retention and erasure (docs/PRIVACY.md): rules in the district's chain, the rest in the school's
  'retention.rules_changed': '修改数据保留期限',
  'retention.hold_set': '设置法律保全',
  'retention.hold_lifted': '解除法律保全',
  'retention.tip_erased': '按保留规则删除举报内容',
  'retention.thread_erased': '按保留规则删除未获回复的留言',
  'retention.receipts_erased': '按保留规则删除回执答复与签字图片',
} as const satisfies Record<string, string>;

/** The name of an audited action, e.g. `tip.viewed`. */
export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[];

export function isAuditAction(action: string): action is AuditAction {
  return Object.prototype.hasOwnProperty.call(AUDIT_ACTION_LABELS, action);
}

/** The Chinese label of an action; an action this version does not know (an older or newer entry) shows its name. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : action;
}
