import { In, type EntityManager } from 'typeorm';
import { ErrorCode, noticeBodyImageIds, type NoticeBody } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import { NoticeAttachmentEntity } from './notice-attachment.entity';

/**
 * Every picture block of `body` must name a picture attached to this notice (`noticeId`; null for a notice not yet
 * created, which has none): a missing, foreign or PDF attachment is a 400 naming the paragraph. The schema itself
 * (validateNoticeBody) cannot know, as it needs the database. Called with the transaction's manager after the notice
 * row is locked by its update, so a picture cannot be removed between the check and the commit.
 */
export async function checkBodyImages(m: EntityManager, noticeId: string | null, body: NoticeBody): Promise<void> {
  const ids = noticeBodyImageIds(body);
  if (!ids.length) return;
  const found = noticeId ? await m.find(NoticeAttachmentEntity, { where: { noticeId, id: In(ids) }, select: { id: true, kind: true } }) : [];
  const kinds = new Map(found.map((a) => [a.id, a.kind]));
  const problems: string[] = [];
  body.blocks.forEach((b, i) => {
    if (b.type !== 'image') return;
    const kind = kinds.get(b.attachmentId);
    if (!kind) problems.push(`第 ${i + 1} 段（图片）：图片不存在或不是这条通知的附件，请重新插入`);
    else if (kind !== 'image') problems.push(`第 ${i + 1} 段（图片）：这个附件不是图片，不能显示在正文中`);
  });
  if (problems.length) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, problems[0], [{ field: 'body', problems }]);
}
