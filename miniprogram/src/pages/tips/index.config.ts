export default definePageConfig({ navigationBarTitleText: '我要倾诉/举报' });
