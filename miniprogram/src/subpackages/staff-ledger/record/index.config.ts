export default definePageConfig({ navigationBarTitleText: '记录防欺凌工作' });
