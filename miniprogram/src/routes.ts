import Taro from '@tarojs/taro';

/** Every page of the app. Staff pages live in the `subpackages/staff` subpackage (loaded only by staff). */
export const ROUTES = {
  home: '/pages/index/index',
  inbox: '/pages/inbox/index',
  mine: '/pages/mine/index',
  bind: '/pages/bind/index',
  privacy: '/pages/privacy/index',
  tips: '/pages/tips/index',
  notFound: '/pages/not-found/index',
  staffHome: '/subpackages/staff/index/index',
  approvals: '/subpackages/staff/approvals/index',
  roster: '/subpackages/staff/roster/index',
  school: '/subpackages/staff/school/index',
  invites: '/subpackages/staff/invites/index',
  delivery: '/subpackages/staff/delivery/index',
  robots: '/subpackages/staff/robots/index',
  urgentSettings: '/subpackages/staff/urgent/index',
  // Tip box: the entry above is in the main package; the form, receipt and follow-up in `subpackages/tips`,
  // the staff inbox in `subpackages/staff-tips`.
  tipForm: '/subpackages/tips/form/index',
  tipReceipt: '/subpackages/tips/receipt/index',
  tipFollowup: '/subpackages/tips/followup/index',
  staffTips: '/subpackages/staff-tips/list/index',
  staffTipDetail: '/subpackages/staff-tips/detail/index',
  // Onboarding: entering an invite code, a school's set-up checklist and staff invitations (`subpackages/onboarding`);
  // the district console (`subpackages/district`).
  invite: '/subpackages/onboarding/invite/index',
  setupChecklist: '/subpackages/onboarding/checklist/index',
  staffInvites: '/subpackages/onboarding/staff-invites/index',
  districtConsole: '/subpackages/district/console/index',
  districtDuty: '/subpackages/district/urgent-duty/index',
  // Letters home, notices and warnings: the guardian's list and notice page (`subpackages/notices`, where the
  // message links point), and the staff's list, editor and stats (`subpackages/staff-notices`).
  notices: '/subpackages/notices/list/index',
  noticeDetail: '/subpackages/notices/detail/index',
  staffNotices: '/subpackages/staff-notices/list/index',
  noticeCompose: '/subpackages/staff-notices/compose/index',
  noticeStats: '/subpackages/staff-notices/stats/index',
  noticeCorrect: '/subpackages/staff-notices/correct/index',
  noticeProof: '/subpackages/staff-notices/proof/index',
  // The annual anti-bullying pledge: a guardian's list, signing page and signed copy (`subpackages/pledges`), and the
  // staff's list, editor and completion (`subpackages/staff-pledges`).
  pledges: '/subpackages/pledges/list/index',
  pledgeSign: '/subpackages/pledges/sign/index',
  pledgeCopy: '/subpackages/pledges/copy/index',
  staffPledges: '/subpackages/staff-pledges/list/index',
  pledgeEdit: '/subpackages/staff-pledges/edit/index',
  pledgeDetail: '/subpackages/staff-pledges/detail/index',
  // 扫码登录: the page a browser's code opens on the phone, and 我的 → 已登录的电脑 (`subpackages/browser-login`).
  browserLoginConfirm: '/subpackages/browser-login/confirm/index',
  browserSessions: '/subpackages/browser-login/computers/index',
  // Oversight: the school and district dashboards (`subpackages/oversight`).
  schoolDashboard: '/subpackages/oversight/school/index',
  districtDashboard: '/subpackages/oversight/district/index',
  // 我的 → 个人信息与隐私: 我的数据, deleting the account, the two policies, and a school's person responsible for
  // children's data (`subpackages/privacy`).
  myData: '/subpackages/privacy/data/index',
  deleteAccount: '/subpackages/privacy/delete/index',
  policy: '/subpackages/privacy/policy/index',
  childDataOfficer: '/subpackages/privacy/officer/index',
  // a school's coming erasures under the retention rules (`subpackages/retention`)
  retentionUpcoming: '/subpackages/retention/upcoming/index',
  retentionRules: '/subpackages/retention/rules/index',
} as const;

export const TAB_ROUTES: string[] = [ROUTES.home, ROUTES.inbox, ROUTES.mine];

/** Opens a page by path ('pages/x/index?a=1' or '/pages/x/index'); tab pages through switchTab. */
export function openPage(page: string): Promise<unknown> {
  const url = page.startsWith('/') ? page : `/${page}`;
  const path = url.split('?')[0];
  if (TAB_ROUTES.includes(path)) return Taro.switchTab({ url: path });
  return Taro.navigateTo({ url });
}
