export default definePageConfig({ navigationBarTitleText: '各校防欺凌工作台账' });
