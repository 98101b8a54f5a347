export default definePageConfig({ navigationBarTitleText: '承诺书签署副本' });
