import { noticeAttachmentsApi } from '../api/notice-attachments';

/**
 * Pictures of notices, downloaded once per page life: the editor's live preview draws the body again at every
 * keystroke, and a guardian may open the large view several times. A failed download is forgotten, so the next
 * drawing tries again.
 */
const loaded = new Map<string, Promise<string>>();

export function noticePicture(noticeId: string, attachmentId: string): Promise<string> {
  const key = `${noticeId}/${attachmentId}`;
  let p = loaded.get(key);
  if (!p) {
    p = noticeAttachmentsApi.picture(noticeId, attachmentId);
    loaded.set(key, p);
    p.catch(() => loaded.delete(key));
  }
  return p;
}

/** For tests: forget every downloaded picture. */
export function forgetNoticePictures(): void {
  loaded.clear();
}
