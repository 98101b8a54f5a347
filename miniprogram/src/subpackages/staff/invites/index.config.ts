// enableShareAppMessage: a code's 分享到家长群 button shares it as a card (useShareAppMessage).
export default definePageConfig({ navigationBarTitleText: '班级邀请码', enableShareAppMessage: true });
