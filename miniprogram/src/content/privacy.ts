import { CHILD_DATA_CONSENT_VERSION, PRIVACY_GUIDE_VERSION } from '@anxin/shared';

/** The texts whose versions consents record. Change a text → change its version in shared/src/constants.ts. */
export const PRIVACY_GUIDE = {
  version: PRIVACY_GUIDE_VERSION,
  title: '用户隐私保护指引',
  summary: '安心家校帮助学校、家长和学生共同防范校园欺凌。使用前，请阅读我们如何处理您的信息。',
  sections: [
    { heading: '我们收集什么', text: '微信登录标识（用于识别账号）；您绑定孩子时填写的孩子姓名、与孩子的关系和（可选的）手机号；您在应用内的操作记录。' },
    { heading: '用来做什么', text: '确认您与孩子的监护关系、向您发送学校通知和消息、让学校老师审核绑定申请。不会用于广告，不会出售给任何人。' },
    { heading: '匿名倾诉', text: '通过“我要倾诉/举报”提交的内容不记录您的身份：学校看不到是谁提交的（微信知道您使用了本小程序）。' },
    { heading: '孩子的信息', text: '不满十四周岁未成年人的信息属于敏感个人信息，只有在监护人同意后才会处理，仅班主任和学校授权人员可见。' },
    { heading: '保存与删除', text: '信息保存在学校使用的服务器上，只有经授权的人员才能查看。您可以在“我的”中退出登录，或联系学校解除绑定、删除信息。' },
  ],
};

export const CHILD_DATA_CONSENT = {
  version: CHILD_DATA_CONSENT_VERSION,
  text: '我是该学生的监护人，同意学校通过安心家校处理孩子的姓名、班级等信息，用于家校沟通和防范校园欺凌工作。',
};
