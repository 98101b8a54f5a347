export default definePageConfig({ navigationBarTitleText: '教职工工作台' });
