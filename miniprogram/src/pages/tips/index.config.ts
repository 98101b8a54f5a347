// enableShareAppMessage: the page is the school's tip-box share card (useShareAppMessage).
export default definePageConfig({ navigationBarTitleText: '我要倾诉/举报', enableShareAppMessage: true });
