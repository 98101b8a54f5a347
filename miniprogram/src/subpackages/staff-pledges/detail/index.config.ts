export default definePageConfig({ navigationBarTitleText: '承诺书签署情况' });
