export default definePageConfig({ navigationBarTitleText: '安心家校' });
