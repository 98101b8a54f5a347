export default definePageConfig({ navigationBarTitleText: '查看学校回复' });
