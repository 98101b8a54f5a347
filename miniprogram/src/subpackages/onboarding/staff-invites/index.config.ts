// enableShareAppMessage: a new code's 发给对方 button shares the invite page with it (useInviteShare).
export default definePageConfig({ navigationBarTitleText: '教职工邀请', enableShareAppMessage: true });
