import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, NOTICE_ATTACHMENT_LIMITS, noticeBodyImageIds, Permission, type NoticeAttachment } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { openChunks, sealChunks } from '../../platform/crypto/sealed-chunks';
import { inTransaction } from '../../platform/database/transaction';
import { ImageTooLargeError, MAX_INPUT_PIXELS, staffCopy } from '../../platform/images/image-sanitizer';
import { ImageQueueFullError } from '../../platform/images/image-work-queue';
import { AccessService } from '../tenancy/access.service';
import { NoticeAccess, type StaffNotice } from './notice-access';
import { NoticeAttachmentChunkEntity } from './notice-attachment-chunk.entity';
import { cleanLabel, pdfLooksComplete, sniffAttachment } from './notice-attachment-files';
import { NoticeAttachmentEntity } from './notice-attachment.entity';
import { NoticeReceiptEntity } from './notice-receipt.entity';
import { NoticeEntity } from './notice.entity';

/** Notices a guardian who received them may open (a recalled one shows only its reason). */
const GUARDIAN_READABLE = ['published', 'closed'];

/** What binds a chunk to its attachment and place (a copy is sealed again under its own id). */
export const chunkAad = (attachmentId: string) => (seq: number) => `notice_attachment:${attachmentId}:${seq}`;
const frozen = () => AppException.conflict(ErrorCode.NOTICE_NOT_EDITABLE, '通知发布后附件不能再修改');
const full = () => AppException.conflict(ErrorCode.NOTICE_ATTACHMENTS_FULL, `每条通知最多 ${NOTICE_ATTACHMENT_LIMITS.perNoticeMax} 个附件（图片和 PDF 合计）`);

export function mapAttachment(a: NoticeAttachmentEntity): NoticeAttachment {
  return { id: a.id, kind: a.kind, mime: a.mime, label: a.label, size: a.size, width: a.width, height: a.height, sha256: a.sha256 };
}

export interface AttachmentFile {
  data: Buffer;
  mime: string;
  kind: NoticeAttachment['kind'];
  /** The server's name for the download: `<id>.jpg` or `<id>.pdf`. */
  fileName: string;
}

/**
 * A notice's files (PDFs and pictures): added to and removed from a draft by whoever may edit it, frozen once it is
 * published; listed and downloaded by whoever may read the notice: staff who may see it (NoticeAccess) and guardians
 * with a receipt of it while it is published or closed. Anyone else gets 404 (same-school staff without the class: 403).
 * Type by magic bytes; pictures decoded on the process's image queue and re-encoded without metadata (the original is
 * not kept); bytes encrypted with the school's data key in chunks. Adding and removing are audited with the file's
 * sha256; downloads are not recorded (a guardian's opening is recorded once, as the day, by the notice itself).
 */
@Injectable()
export class NoticeAttachmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Checked before the upload is read: the caller may change this draft, and it has room for one more file. */
  async assertMayAdd(auth: AuthContext, noticeId: string): Promise<void> {
    await this.editable(auth, noticeId);
    if ((await this.ds.getRepository(NoticeAttachmentEntity).count({ where: { noticeId } })) >= NOTICE_ATTACHMENT_LIMITS.perNoticeMax) throw full();
  }

  async add(auth: AuthContext, noticeId: string, upload: { file: Buffer; fileName: string | null }): Promise<NoticeAttachment> {
    const view = await this.editable(auth, noticeId);
    const type = sniffAttachment(upload.file);
    if (!type) throw new AppException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE, '只能上传 PDF 文件或 JPG、PNG 图片');
    let stored: { data: Buffer; width: number | null; height: number | null };
    if (type.kind === 'image') {
      stored = await staffCopy(upload.file).catch((e: unknown) => {
        if (e instanceof ImageTooLargeError) throw AppException.payloadTooLarge(`图片像素太多（最多 ${MAX_INPUT_PIXELS / 10_000} 万像素），请换一张或截图后再上传`);
        if (e instanceof ImageQueueFullError) throw new AppException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, '正在处理的图片较多，请稍后再上传');
        throw AppException.unprocessable(ErrorCode.NOTICE_ATTACHMENT_INVALID, '图片无法读取，请换一张');
      });
    } else {
      if (!pdfLooksComplete(upload.file)) throw AppException.unprocessable(ErrorCode.NOTICE_ATTACHMENT_INVALID, 'PDF 文件不完整，请重新导出后再上传');
      stored = { data: upload.file, width: null, height: null };
    }
    const row: NoticeAttachmentEntity = {
      id: randomUUID(), noticeId, schoolId: view.school.id, keyId: '', kind: type.kind, mime: type.kind === 'image' ? 'image/jpeg' : type.mime,
      label: cleanLabel(upload.fileName, type.kind === 'image' ? '图片' : '附件.pdf'), size: stored.data.length, width: stored.width, height: stored.height,
      sha256: createHash('sha256').update(stored.data).digest('hex'), createdBy: auth.userId, createdAt: this.clock.now(),
    };
    await inTransaction(this.ds, async (m) => {
      await this.lockDraft(m, noticeId);
      if ((await m.count(NoticeAttachmentEntity, { where: { noticeId } })) >= NOTICE_ATTACHMENT_LIMITS.perNoticeMax) throw full();
      const key = await this.crypto.schoolKey(m, view.school.id);
      row.keyId = key.id;
      await m.insert(NoticeAttachmentEntity, row);
      for (const [seq, data] of sealChunks(this.crypto, key, stored.data, chunkAad(row.id)).entries()) {
        await m.insert(NoticeAttachmentChunkEntity, { attachmentId: row.id, seq, data });
      }
      await this.audit.append(m, {
        schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'notice.attachment_added',
        targetType: 'notice', targetId: noticeId, details: { attachmentId: row.id, kind: row.kind, size: row.size, sha256: row.sha256, label: row.label },
      });
    });
    return mapAttachment(row);
  }

  /** Removes a file from a draft; a picture the draft's body still shows is refused (409). */
  async remove(auth: AuthContext, noticeId: string, attachmentId: string): Promise<void> {
    const view = await this.editable(auth, noticeId);
    await inTransaction(this.ds, async (m) => {
      await this.lockDraft(m, noticeId);
      const att = await m.findOne(NoticeAttachmentEntity, { where: { id: attachmentId, noticeId } });
      if (!att) throw AppException.notFound('附件');
      const notice = await m.findOneOrFail(NoticeEntity, { where: { id: noticeId } });
      if (noticeBodyImageIds(notice.body).includes(attachmentId)) {
        throw AppException.conflict(ErrorCode.NOTICE_ATTACHMENT_IN_USE, '正文中还在显示这张图片，请先从正文中删除它');
      }
      await m.delete(NoticeAttachmentChunkEntity, { attachmentId });
      await m.delete(NoticeAttachmentEntity, { id: attachmentId });
      await this.audit.append(m, {
        schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'notice.attachment_removed',
        targetType: 'notice', targetId: noticeId, details: { attachmentId, kind: att.kind, sha256: att.sha256, label: att.label },
      });
    });
  }

  /** The notice's files, oldest first. */
  async list(auth: AuthContext, noticeId: string): Promise<NoticeAttachment[]> {
    await this.readable(auth, noticeId);
    const rows = await this.ds.getRepository(NoticeAttachmentEntity).find({ where: { noticeId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(mapAttachment);
  }

  /** One file, decrypted. */
  async file(auth: AuthContext, noticeId: string, attachmentId: string): Promise<AttachmentFile> {
    await this.readable(auth, noticeId);
    const att = await this.ds.getRepository(NoticeAttachmentEntity).findOne({ where: { id: attachmentId, noticeId } });
    if (!att) throw AppException.notFound('附件');
    const chunks = await this.ds.getRepository(NoticeAttachmentChunkEntity).find({ where: { attachmentId }, order: { seq: 'ASC' } });
    const data = await openChunks(this.crypto, att.keyId, chunks, chunkAad(attachmentId));
    return { data, mime: att.mime, kind: att.kind, fileName: `${att.id}.${att.kind === 'image' ? 'jpg' : 'pdf'}` };
  }

  /** A draft the caller may edit (NoticeAccess: its author, or whoever may manage it); 409 once published. */
  private async editable(auth: AuthContext, noticeId: string): Promise<StaffNotice> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_MANAGE);
    if (view.notice.status !== 'draft') throw frozen();
    return view;
  }

  /**
   * Inside the transaction that changes the files: the draft's version moves on (a publication whose content check
   * read the draft before the change is refused, 409 NOTICE_CHANGED) and its row stays locked until the commit, so
   * uploads at once are counted one after another and none slips in after publishing.
   */
  private async lockDraft(m: EntityManager, noticeId: string): Promise<void> {
    const res = await m.createQueryBuilder().update(NoticeEntity).set({ version: () => 'version + 1', updatedAt: this.clock.now() })
      .where('id = :id AND status = :draft', { id: noticeId, draft: 'draft' }).execute();
    if (res.affected !== 1) throw frozen();
  }

  /** A recipient guardian of a published or closed notice, or staff who may see it (NoticeAccess's 403/404 otherwise). */
  private async readable(auth: AuthContext, noticeId: string): Promise<void> {
    const receipt = await this.ds.getRepository(NoticeReceiptEntity).findOne({ where: { noticeId, guardianUserId: auth.userId }, select: { id: true } });
    if (receipt) {
      const notice = await this.ds.getRepository(NoticeEntity).findOne({ where: { id: noticeId }, select: { id: true, status: true } });
      if (notice && GUARDIAN_READABLE.includes(notice.status)) return;
    }
    await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
  }
}
