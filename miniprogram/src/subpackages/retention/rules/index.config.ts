export default definePageConfig({ navigationBarTitleText: '数据保留期限' });
