export default definePageConfig({ navigationBarTitleText: '防治欺凌工作台账' });
