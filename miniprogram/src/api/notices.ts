import type {
  AckNoticeRequest, GuardianNoticeAck, GuardianNoticeDetail, GuardianNoticeListQuery, GuardianNoticeListResponse, NoticeClassReceiptsResponse, NoticeComposerResponse,
  NoticeDraftRequest, NoticeListItem, NoticeListQuery, NoticePendingResponse, NoticeRemindResponse, NoticeStaffDetail, NoticeStatsResponse, Page,
  PublishNoticeRequest, NoticeCorrectionRequest, NoticeReviewRequest, NoticeTemplateListResponse, NoticeReceiptProofResponse,
} from '@anxin/shared';
import { api, apiUrl } from './client';
import { downloadWithSession } from './tips';

const enc = encodeURIComponent;

/** Letters home, notices and urgent warnings (shared/src/api/notices.ts): the guardian's side and the staff's. */
export const noticesApi = {
  // ---- guardians
  /** Pinned warnings first, then unread, then newest; `unread` is the badge. */
  mine: (query: GuardianNoticeListQuery = {}) => api.get<GuardianNoticeListResponse>('/me/notices', { ...query }),
  /** Opening a notice records the read (once, as the day). */
  open: (id: string) => api.get<GuardianNoticeDetail>(`/me/notices/${enc(id)}`),
  /** Answers with the receipt as now recorded and what is still asked (the page keeps the notice it opened). */
  ack: (id: string, body: AckNoticeRequest) => api.post<GuardianNoticeAck>(`/notices/${enc(id)}/ack`, body),

  // ---- staff
  composer: (schoolId: string) => api.get<NoticeComposerResponse>(`/schools/${enc(schoolId)}/notices/composer`),
  list: (schoolId: string, query: NoticeListQuery = {}) => api.get<Page<NoticeListItem>>(`/schools/${enc(schoolId)}/notices`, { ...query }),
  create: (schoolId: string, body: NoticeDraftRequest) => api.post<NoticeStaffDetail>(`/schools/${enc(schoolId)}/notices`, body),
  update: (id: string, body: NoticeDraftRequest) => api.put<NoticeStaffDetail>(`/notices/${enc(id)}`, body),
  detail: (id: string) => api.get<NoticeStaffDetail>(`/notices/${enc(id)}`),
  publish: (id: string, body: PublishNoticeRequest) => api.post<NoticeStaffDetail>(`/notices/${enc(id)}/publish`, body),
  recall: (id: string, reason: string) => api.post<NoticeStaffDetail>(`/notices/${enc(id)}/recall`, { reason }),
  /** Publishes a correction (更正) of the notice's chain's latest, to the same audience; returns the correction. */
  correct: (id: string, body: NoticeCorrectionRequest) => api.post<NoticeStaffDetail>(`/notices/${enc(id)}/corrections`, body),
  /** The principal keeps a notice marked for review (the mark is cleared) or recalls it with the note as reason. */
  review: (id: string, body: NoticeReviewRequest) => api.post<NoticeStaffDetail>(`/notices/${enc(id)}/review`, body),
  /** Letters home for each semester and an anti-bullying warning, to start a draft from. */
  templates: () => api.get<NoticeTemplateListResponse>('/notice-templates'),
  stats: (id: string) => api.get<NoticeStatsResponse>(`/notices/${enc(id)}/stats`),
  pending: (id: string, classId: string) => api.get<NoticePendingResponse>(`/notices/${enc(id)}/classes/${enc(classId)}/pending`),
  classReceipts: (id: string, classId: string) => api.get<NoticeClassReceiptsResponse>(`/notices/${enc(id)}/classes/${enc(classId)}/receipts`),
  remind: (id: string, classId: string) => api.post<NoticeRemindResponse>(`/notices/${enc(id)}/classes/${enc(classId)}/remind`),
  /** A guardian's signature (PNG), as a local file path for <Image>; each view is audited by the server. */
  signature: (id: string, receiptId: string) => downloadWithSession(apiUrl(`/notices/${enc(id)}/receipts/${enc(receiptId)}/signature`), '签字无法显示'),
  /** That a receipt is sealed into the school's audit chain: the receipt, its leaf, the Merkle path and the sealing entry. */
  proof: (id: string, receiptId: string) => api.get<NoticeReceiptProofResponse>(`/notices/${enc(id)}/receipts/${enc(receiptId)}/proof`),
  /** receipts.xlsx of the classes the caller may see, as a local file path. */
  receiptsXlsx: (id: string) => downloadWithSession(apiUrl(`/notices/${enc(id)}/receipts.xlsx`), '回执导出失败'),
};
