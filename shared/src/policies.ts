import { PRIVACY_GUIDE_VERSION } from './constants';

/**
 * The two privacy texts a user agrees to as the app opens (with the short privacy guide): the general privacy policy
 * (隐私政策) and the rules for children's personal information (儿童个人信息保护规则, 儿童个人信息网络保护规定 art. 8).
 * They share one version, PRIVACY_GUIDE_VERSION (shared/src/constants.ts, the one owner of consent versions): change
 * either text → add a new version there, and every user is asked to agree again the next time they open the app.
 */
export interface PolicySection { heading: string; text: string }
export interface PolicyDocument { key: PolicyKey; title: string; version: string; sections: readonly PolicySection[] }
export type PolicyKey = 'privacy_policy' | 'child_rules';

/** How long the records a school keeps after a guardian deletes their account are kept, in school years after the one they belong to. */
export const RETAINED_RECORD_YEARS_AFTER_SCHOOL_YEAR = 2;

/** What stays after a guardian deletes their account, why, and until when (the deletion page and the policy say this). */
export const RETAINED_AFTER_DELETION: readonly { what: string; why: string; until: string }[] = [
  {
    what: '您签署的防欺凌承诺书（签名图片和签署日期）',
    why: '这是学校履行防治学生欺凌职责的记录，学校需要留存备查',
    until: `签名图片保存到该承诺书所属学年结束后 ${RETAINED_RECORD_YEARS_AFTER_SCHOOL_YEAR} 年（区县可规定更长），到期由系统的定期清理任务删除；签署记录（日期、关系）以“已注销的家长”的名义保留`,
  },
  {
    what: '您对学校通知的回执（阅读、确认、签名和回答）',
    why: '这是学校已将通知送达家长的记录，学校需要留存备查',
    until: `签名图片和回答保存到该通知所属学年结束后 ${RETAINED_RECORD_YEARS_AFTER_SCHOOL_YEAR} 年（区县可规定更长），到期由系统的定期清理任务删除；回执记录（阅读、确认的日期）以“已注销的家长”的名义保留`,
  },
  {
    what: '学校审计日志中与您有关的操作记录（例如绑定申请、审核结果）',
    why: '审计日志防篡改、任何人都不能修改或删除，用于证明学校的处理过程',
    until: '与学校的审计日志一同保存；日志中只有一个随机编号，注销后它不再对应任何账号，也不含您的姓名或微信标识',
  },
];

/** The name retained records show once their guardian has deleted the account, with the relation after it: 已注销的家长（母亲）. */
export const ERASED_GUARDIAN_NAME = '已注销的家长';

export const PRIVACY_POLICY: PolicyDocument = {
  key: 'privacy_policy',
  title: '隐私政策',
  version: PRIVACY_GUIDE_VERSION,
  sections: [
    { heading: '谁在处理您的信息', text: '安心家校是学校用来防治学生欺凌、与家长沟通的工具。您孩子所在的学校是您和孩子个人信息的处理者，学校授权的老师通过安心家校处理这些信息。' },
    { heading: '我们收集哪些信息', text: '您的微信登录标识（用来识别账号，不会显示给老师）、您填写的称呼；您绑定孩子时填写的孩子姓名、与孩子的关系和（可选的）手机号（只用于与花名册核对，不保存号码本身）；您对学校通知的阅读、确认、签名和回答；您签署的承诺书；您在应用内收到的消息；登录记录（只记日期）。' },
    { heading: '用来做什么', text: '核实您与孩子的监护关系，向您发送学校的通知和消息，请您确认通知、签署承诺书。不用于广告，不出售、不提供给学校以外的任何人；消息经微信发送。' },
    { heading: '匿名倾诉与举报', text: '通过“我要倾诉/举报”提交的内容不记录提交人：举报记录里没有账号、微信标识或手机号，也不属于任何账号，因此不出现在“我的数据”中，注销账号也不会影响它。请凭回执码查看进展。' },
    { heading: '您的权利', text: '在“我的 → 个人信息与隐私”中，您可以随时查看和下载我们保存的关于您和孩子的全部信息（网页、JSON 和 Excel 文件），更正称呼和与孩子的关系，撤回对处理孩子信息的同意，或注销账号。这些请求立即生效，不需要等待人工处理。' },
    { heading: '保存多久', text: '账号信息保存到您注销为止，注销时立即删除。承诺书签名和通知回执是学校的记录，注销后以“已注销的家长（关系）”的名义保留；其中的手写签名图片和通知回答保存到所属学年结束后 2 年（区县可规定更长），到期由系统删除。' },
    { heading: '信息安全', text: '信息保存在学校使用的服务器上，手写签名、通知回答和举报内容加密保存；老师只能看到自己学校的信息，班主任只能看到自己班级的信息，每一次查看举报内容都会留下不可删除的记录。' },
    { heading: '联系我们', text: '每所学校都指定了儿童个人信息保护负责人，姓名和电话见“儿童个人信息保护规则”页面。您也可以联系班主任。' },
    { heading: '本政策的更新', text: '政策内容变化时版本号随之更新，您下次打开小程序时会看到新版本并需要重新同意。' },
  ],
};

export const CHILD_RULES: PolicyDocument = {
  key: 'child_rules',
  title: '儿童个人信息保护规则',
  version: PRIVACY_GUIDE_VERSION,
  sections: [
    { heading: '适用范围', text: '本规则适用于不满十四周岁的儿童的个人信息。儿童的个人信息属于敏感个人信息，我们只在监护人同意后、为防治欺凌和家校沟通所必需的范围内处理。' },
    { heading: '处理哪些儿童信息', text: '学校导入的花名册（姓名、班级、学号、性别，以及监护人的称呼、关系和手机号的加密摘要）；家长为孩子确认的通知回执和签署的承诺书（承诺书可能包含孩子本人的签名）。' },
    { heading: '监护人同意', text: '家长绑定孩子时须阅读并同意《儿童个人信息处理同意书》，由班主任核实后生效。家长可以随时在“我的数据”中撤回同意：撤回后不再向您发送与这个孩子有关的通知、不再请您为这个孩子签署或确认，班主任会收到提醒；您可以再次同意，经班主任重新审核后恢复。' },
    { heading: '谁能看到', text: '只有孩子的班主任和学校授权的老师能看到孩子的信息；其他学校、其他班级的老师看不到。孩子通过匿名问卷、匿名倾诉提交的内容不记录孩子是谁。' },
    { heading: '保存与删除', text: '孩子的信息随学校的花名册保存；家长注销账号时，家长与孩子的绑定立即删除；学校需要留存的承诺书和通知回执按《隐私政策》“保存多久”中的说明保留，其中的手写签名图片和通知回答到期删除。' },
    { heading: '儿童个人信息保护负责人', text: '每所学校指定一名儿童个人信息保护负责人，负责处理与儿童信息有关的问题和投诉，姓名和联系电话见本页下方。' },
  ],
};

export const POLICY_DOCUMENTS: readonly PolicyDocument[] = [PRIVACY_POLICY, CHILD_RULES];
