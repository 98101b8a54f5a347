import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ErrorCode, noticeBodyImageIds, type NoticeBody } from '@anxin/shared';
import { AppException } from '../../platform/common/errors/app.exception';
import type { CryptoService } from '../../platform/crypto/crypto.service';
import { NoticeAttachmentChunkEntity } from './notice-attachment-chunk.entity';
import { NoticeAttachmentEntity } from './notice-attachment.entity';
import { chunkAad } from './notice-attachments.service';

/**
 * A correction's copies of the attachments of the notice it corrects. A published notice's files never change, so a
 * correction that keeps a picture or a PDF gets copies of its own: new rows with new ids under the correction, whose
 * chunks are opened and sealed again under the copy's id (a chunk's AAD binds it to its attachment and place, so
 * the original's chunks would not decrypt as the copy's). Guardians then download them with the correction's access
 * rules. The original's rows and chunks are left as they were.
 */

/** Which original attachment becomes which copy, decided before anything is written. */
export interface AttachmentCopyPlan {
  /** The kept originals, in the order the notice lists them, each with the id its copy will have. */
  copies: { original: NoticeAttachmentEntity; copyId: string }[];
  /** The correction's body with every picture block that named a kept original naming its copy. */
  body: NoticeBody;
}

/** What the audit entry of the correction records of each carried file. */
export interface CarriedAttachment {
  id: string;
  from: string;
  kind: NoticeAttachmentEntity['kind'];
  sha256: string;
}

const badRequest = (field: string, problems: string[]) => AppException.badRequest(ErrorCode.VALIDATION_FAILED, problems[0], [{ field, problems }]);

/**
 * Plans the copies: `keepIds` (left out: every attachment of `originalId`) must each be an attachment of that notice
 * (400 naming `keepAttachmentIds` otherwise), and every picture block of `body` must name a kept picture of it (400
 * naming the paragraph otherwise, as a draft's body would be told).
 */
export async function planAttachmentCopies(
  m: EntityManager, originalId: string, keepIds: string[] | undefined, body: NoticeBody,
): Promise<AttachmentCopyPlan> {
  const all = await m.find(NoticeAttachmentEntity, { where: { noticeId: originalId }, order: { createdAt: 'ASC', id: 'ASC' } });
  const wanted = keepIds === undefined ? null : new Set(keepIds);
  if (wanted) {
    const own = new Set(all.map((a) => a.id));
    const unknown = [...wanted].filter((id) => !own.has(id));
    if (unknown.length) throw badRequest('keepAttachmentIds', unknown.map((id) => `附件 ${id} 不是被更正通知的附件`));
  }
  const copies = all.filter((a) => !wanted || wanted.has(a.id)).map((original) => ({ original, copyId: randomUUID() }));
  const copyOf = new Map(copies.map((c) => [c.original.id, c]));
  const problems: string[] = [];
  body.blocks.forEach((b, i) => {
    if (b.type !== 'image') return;
    const kept = copyOf.get(b.attachmentId);
    if (!kept) problems.push(`第 ${i + 1} 段（图片）：图片不是原通知保留下来的附件，请重新插入或保留这张图片`);
    else if (kept.original.kind !== 'image') problems.push(`第 ${i + 1} 段（图片）：这个附件不是图片，不能显示在正文中`);
  });
  if (problems.length) throw badRequest('body', problems);
  return {
    copies,
    body: noticeBodyImageIds(body).length
      ? { ...body, blocks: body.blocks.map((b) => (b.type === 'image' ? { ...b, attachmentId: copyOf.get(b.attachmentId)!.copyId } : b)) }
      : body,
  };
}

/**
 * Writes the planned copies under `noticeId` through the transaction's manager, one attachment and one chunk at a
 * time (nine files of 20 MB never sit in memory together: at most one chunk does), each chunk sealed again under the
 * school's current key and the copy's id. The bytes read back must hash to the original's sha256.
 */
export async function copyAttachments(
  m: EntityManager, crypto: CryptoService, plan: AttachmentCopyPlan, to: { noticeId: string; schoolId: string; createdBy: string; createdAt: Date },
): Promise<CarriedAttachment[]> {
  if (!plan.copies.length) return [];
  const key = await crypto.schoolKey(m, to.schoolId);
  const carried: CarriedAttachment[] = [];
  for (const [i, { original, copyId }] of plan.copies.entries()) {
    const { id: _id, noticeId: _notice, keyId: _key, createdBy: _by, createdAt: _at, ...file } = original;
    // Listed oldest first: a millisecond apart, the copies keep the original's order.
    await m.insert(NoticeAttachmentEntity, {
      ...file, id: copyId, noticeId: to.noticeId, schoolId: to.schoolId, keyId: key.id, createdBy: to.createdBy,
      createdAt: new Date(to.createdAt.getTime() + i),
    });
    const seqs = await m.find(NoticeAttachmentChunkEntity, { where: { attachmentId: original.id }, select: { seq: true }, order: { seq: 'ASC' } });
    const hash = createHash('sha256');
    let size = 0;
    for (const [n, { seq }] of seqs.entries()) {
      if (seq !== n) throw new Error(`attachment ${original.id}: chunk ${n} missing`);
      const chunk = await m.findOneOrFail(NoticeAttachmentChunkEntity, { where: { attachmentId: original.id, seq } });
      const data = await crypto.decryptBytes(original.keyId, Buffer.from(chunk.data), chunkAad(original.id)(seq), m);
      hash.update(data);
      size += data.length;
      await m.insert(NoticeAttachmentChunkEntity, { attachmentId: copyId, seq, data: crypto.encryptBytes(key, data, chunkAad(copyId)(seq)) });
    }
    if (size !== original.size || hash.digest('hex') !== original.sha256) throw new Error(`attachment ${original.id}: stored bytes do not match its sha256`);
    carried.push({ id: copyId, from: original.id, kind: original.kind, sha256: original.sha256 });
  }
  return carried;
}

