/**
 * Files attached to a letter home, notice or warning: PDFs and pictures (JPEG or PNG, the types the tip box takes),
 * each at most NOTICE_ATTACHMENT_LIMITS.bytesMax, at most NOTICE_ATTACHMENT_LIMITS.perNoticeMax per notice (limits.ts).
 * The type is read from the file's first bytes; a picture is decoded and re-encoded by the server (JPEG, without EXIF
 * or GPS), and the file names are the server's: the original name is kept only as `label`, cleaned. A picture is
 * shown in the body by an image block naming its id (notice-body.ts). Attachments change only while the notice is a
 * draft; once it is published they are frozen with it.
 *
 * Routes (under /api/v1):
 *   POST   /notices/{id}/attachments                   multipart `file` → 201 NoticeAttachment (a draft; whoever may edit it)
 *   GET    /notices/{id}/attachments                   → 200 NoticeAttachment[] (staff who may see the notice; a guardian who received it)
 *   GET    /notices/{id}/attachments/{attachmentId}    → image/jpeg or application/pdf (the same people; anyone else 404)
 *   DELETE /notices/{id}/attachments/{attachmentId}    → 204 (a draft; not while the body still shows the picture)
 *   GET    /notices/{id}/signatures.zip                → application/zip: the signatures of the caller's classes,
 *                                                        `<class>/<child>-<relation>.png` (each export audited)
 */

export const NoticeAttachmentKind = { IMAGE: 'image', PDF: 'pdf' } as const;
export type NoticeAttachmentKind = (typeof NoticeAttachmentKind)[keyof typeof NoticeAttachmentKind];
export const NOTICE_ATTACHMENT_KINDS: NoticeAttachmentKind[] = Object.values(NoticeAttachmentKind);

/** What a download of each kind is: pictures are always served as the server's JPEG. */
export const NOTICE_ATTACHMENT_MIME: Record<NoticeAttachmentKind, string> = { image: 'image/jpeg', pdf: 'application/pdf' };

export interface NoticeAttachment {
  id: string;
  kind: NoticeAttachmentKind;
  /** The type of the file served: image/jpeg or application/pdf. */
  mime: string;
  /** The name the file had on the uploader's device, cleaned (shown beside it; the download's name is the server's). */
  label: string;
  /** Bytes of the file served. */
  size: number;
  /** A picture's size in pixels (null for a PDF). */
  width: number | null;
  height: number | null;
  /** sha256 (hex) of the file served; also in the audit entry of the upload. */
  sha256: string;
}
