export default definePageConfig({ navigationBarTitleText: '区级看板' });
