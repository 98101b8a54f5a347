export default definePageConfig({ navigationBarTitleText: '即将删除的案件内容' });
