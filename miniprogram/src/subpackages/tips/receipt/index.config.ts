export default definePageConfig({ navigationBarTitleText: '回执码' });
