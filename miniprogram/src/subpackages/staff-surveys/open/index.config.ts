export default definePageConfig({ navigationBarTitleText: '发起问卷调查' });
