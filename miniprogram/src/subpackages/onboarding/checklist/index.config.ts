export default definePageConfig({ navigationBarTitleText: '学校开通清单' });
