export default definePageConfig({ navigationBarTitleText: '区县值班电话' });
