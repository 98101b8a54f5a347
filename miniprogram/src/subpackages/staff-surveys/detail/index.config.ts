export default definePageConfig({ navigationBarTitleText: '问卷进度' });
