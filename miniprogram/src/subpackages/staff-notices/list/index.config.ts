export default definePageConfig({ navigationBarTitleText: '通知与家长信' });
