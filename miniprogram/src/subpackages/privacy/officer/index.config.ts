export default definePageConfig({ navigationBarTitleText: '儿童个人信息保护负责人' });
