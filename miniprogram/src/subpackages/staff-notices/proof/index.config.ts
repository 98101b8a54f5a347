export default definePageConfig({ navigationBarTitleText: '回执证明' });
