export default definePageConfig({ navigationBarTitleText: '倾诉信箱', enablePullDownRefresh: false });
