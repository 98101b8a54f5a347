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
      pages: ['index/index', 'approvals/index', 'roster/index', 'school/index', 'invites/index'],
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
  ],
  // The tip form is one tap away from 首页 and from the tip box entry: fetch its subpackage while they show, so a
  // child who taps 我要倾诉/举报 does not wait for a download.
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['subpackages/tips'] },
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
