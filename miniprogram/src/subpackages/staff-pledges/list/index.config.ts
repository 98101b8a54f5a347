export default definePageConfig({ navigationBarTitleText: '防范欺凌承诺书' });
