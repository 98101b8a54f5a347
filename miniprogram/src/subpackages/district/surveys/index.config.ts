export default definePageConfig({ navigationBarTitleText: '各校问卷汇总' });
