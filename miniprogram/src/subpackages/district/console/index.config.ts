// enableShareAppMessage: a new invite's 发给对方 button shares the invite page with its code (useInviteShare).
export default definePageConfig({ navigationBarTitleText: '区县开通与学校管理', enableShareAppMessage: true });
