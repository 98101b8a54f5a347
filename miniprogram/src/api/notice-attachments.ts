import type { NoticeAttachment } from '@anxin/shared';
import { api, apiUrl, request, upload } from './client';
import { openServerFile } from './save-file';
import { downloadWithSession } from './tips';

const enc = encodeURIComponent;

/** A notice's files (shared/src/api/notice-attachments.ts): PDFs and pictures, and the signatures zip. */
export const noticeAttachmentsApi = {
  /** Staff who may see the notice; a guardian who received it. */
  list: (noticeId: string) => api.get<NoticeAttachment[]>(`/notices/${enc(noticeId)}/attachments`),
  url: (noticeId: string, attachmentId: string) => apiUrl(`/notices/${enc(noticeId)}/attachments/${enc(attachmentId)}`),
  /** A picture as a local file path for <Image> (an <Image> cannot send the session header). */
  picture: (noticeId: string, attachmentId: string) => downloadWithSession(noticeAttachmentsApi.url(noticeId, attachmentId), '图片无法显示'),
  /** A PDF: opened in WeChat's document viewer (its menu saves or forwards it); the browser downloads it. */
  openPdf: (noticeId: string, a: NoticeAttachment) => openServerFile({ url: noticeAttachmentsApi.url(noticeId, a.id), name: a.label }, 'pdf', '附件下载失败，请稍后再试'),
  /** Adds a file (a picture or a PDF at `filePath`) to a draft; `fileName` becomes its label. */
  upload: (noticeId: string, filePath: string, fileName?: string) => upload<NoticeAttachment>(`/notices/${enc(noticeId)}/attachments`, filePath, fileName, {}),
  remove: (noticeId: string, attachmentId: string) => request<void>('DELETE', `/notices/${enc(noticeId)}/attachments/${enc(attachmentId)}`),
  /** The signatures of the caller's classes as a zip: sent to a chat in WeChat (it cannot open a zip), saved by the browser. */
  signaturesZip: (noticeId: string, fileName: string) =>
    openServerFile({ url: apiUrl(`/notices/${enc(noticeId)}/signatures.zip`), name: fileName }, 'zip', '签字下载失败，请稍后再试'),
};
