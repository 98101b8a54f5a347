export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/inbox/index',
    'pages/mine/index',
    'pages/bind/index',
    'pages/privacy/index',
    'pages/tips/index',
    'pages/not-found/index',
  ],
  subPackages: [
    {
      // Staff pages: parents and students never download them.
      root: 'subpackages/staff',
      pages: ['index/index', 'approvals/index', 'roster/index', 'school/index', 'invites/index', 'delivery/index', 'robots/index', 'urgent/index'],
    },
    {
      // Tip box: the reporter's form, receipt and follow-up (the entry, with the emergency numbers, is in the main package).
      root: 'subpackages/tips',
      pages: ['form/index', 'receipt/index', 'followup/index'],
    },
    {
      // Tip box, staff side: the contact's inbox and a tip's case page.
      root: 'subpackages/staff-tips',
      pages: ['list/index', 'detail/index'],
    },
    {
      // Onboarding: entering an invite code (any staff member's first step), a school's set-up checklist, staff invitations.
      root: 'subpackages/onboarding',
      pages: ['invite/index', 'checklist/index', 'staff-invites/index'],
    },
    {
      // The district console: a district's schools, their set-up, and the invites of their first administrators.
      root: 'subpackages/district',
      pages: ['console/index', 'urgent-duty/index', 'surveys/index', 'ledger/index'],
    },
    {
      // Letters home, notices and warnings for guardians: the list and a notice (the WeChat messages open it).
      root: 'subpackages/notices',
      pages: ['list/index', 'detail/index'],
    },
    {
      // Letters home, notices and warnings, staff side: the list, the editor and who has read, confirmed, signed.
      root: 'subpackages/staff-notices',
      pages: ['list/index', 'compose/index', 'stats/index', 'correct/index', 'proof/index'],
    },
    {
      // The annual anti-bullying pledge for guardians: the list, signing for a child, and the signed copy.
      root: 'subpackages/pledges',
      pages: ['list/index', 'sign/index', 'copy/index'],
    },
    {
      // The annual anti-bullying pledge, staff side: the year's pledges, opening one and new versions, completion.
      root: 'subpackages/staff-pledges',
      pages: ['list/index', 'edit/index', 'detail/index'],
    },
    {
      // 扫码登录: confirming a desktop browser's sign-in (its code opens confirm/index), and the browsers signed in.
      root: 'subpackages/browser-login',
      pages: ['confirm/index', 'computers/index'],
    },
    {
      // Oversight: a school's dashboard (principal, designated contact, school admin) and the district's (officers).
      root: 'subpackages/oversight',
      pages: ['school/index', 'district/index'],
    },
    {
      // Anonymous surveys, the child's page: a code typed on a classroom tablet, one question per screen, no login.
      root: 'subpackages/surveys',
      pages: ['answer/index', 'parent/index'],
    },
    {
      // The anti-bullying work ledger, staff side: the semester's duties with their status and evidence, recording one.
      root: 'subpackages/staff-ledger',
      pages: ['index/index', 'record/index'],
    },
    {
      // Anonymous surveys, staff side: the list, opening one, progress and codes per class, the results.
      root: 'subpackages/staff-surveys',
      pages: ['list/index', 'open/index', 'detail/index', 'codes/index', 'report/index'],
    },
    {
      // 我的 → 个人信息与隐私: 我的数据 (see, download, correct, withdraw consent), deleting the account, the privacy policy and
      // the children's rules with each school's person responsible, and setting that person (principal, school admin).
      root: 'subpackages/privacy',
      pages: ['data/index', 'delete/index', 'policy/index', 'officer/index'],
    },
    {
      // Retention: the erasures coming up at a school in the next 30 days (the principal and the designated contact),
      // and a district's retention rules (district officers).
      root: 'subpackages/retention',
      pages: ['upcoming/index', 'rules/index'],
    },
  ],
  // The tip form is one tap away from 首页 and from the tip box entry: fetch its subpackage while they show, so a
  // child who taps 我要倾诉/举报 does not wait for a download.
  // An urgent warning pinned on 首页 opens the notice page: fetch that subpackage too.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['subpackages/tips', 'subpackages/notices'] },
    'pages/tips/index': { network: 'all', packages: ['subpackages/tips'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6f5c',
    navigationBarTitleText: '安心家校',
    navigationBarTextStyle: 'white',
    // WeChat's default; h5 draws Taro's own bar (title, back, home) only when this is set.
    navigationStyle: 'default',
    backgroundColor: '#f4f6f5',
  },
  tabBar: {
    color: '#4a4a4a',
    selectedColor: '#1f6f5c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-on.png' },
      { pagePath: 'pages/inbox/index', text: '消息', iconPath: 'assets/tab/inbox.png', selectedIconPath: 'assets/tab/inbox-on.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-on.png' },
    ],
  },
  // Privacy APIs wait for the user's agreement (wx.onNeedPrivacyAuthorization).
  __usePrivacyCheck__: true,
});
