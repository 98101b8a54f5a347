import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { openChunks } from '../../platform/crypto/sealed-chunks';
import { inTransaction } from '../../platform/database/transaction';
import { TipAttachmentChunkEntity } from './tip-attachment-chunk.entity';
import { TipAttachmentEntity } from './tip-attachment.entity';
import { TipRecords } from './tip-records';

/**
 * A tip's photos for staff: the re-encoded copy without EXIF/GPS for whoever may open the tip, the original as
 * uploaded (evidence) for those who may see a named reporter. Each read is audited before the bytes leave.
 */
@Injectable()
export class TipStaffAttachmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  /** The staff copy of a photo (EXIF/GPS removed), decrypted; audited as `tip.attachment_viewed`. */
  async staffCopy(auth: AuthContext, tipId: string, attachmentId: string): Promise<Buffer> {
    return (await this.read(auth, tipId, attachmentId, 'staff')).data;
  }

  /**
   * The original as uploaded (evidence, with its metadata — possibly GPS): only for those who may see a named
   * reporter (the designated contact and the assignee), audited as `tip.evidence_viewed`.
   */
  async evidence(auth: AuthContext, tipId: string, attachmentId: string): Promise<{ data: Buffer; mime: string }> {
    return this.read(auth, tipId, attachmentId, 'original');
  }

  private async read(auth: AuthContext, tipId: string, attachmentId: string, copy: 'staff' | 'original'): Promise<{ data: Buffer; mime: string }> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role, access } = await this.records.load(m, auth, tipId, 'content');
      if (copy === 'original' && !access.named) throw AppException.forbidden('原始照片（含拍摄信息）只有欺凌防治负责人和经办人可以查看');
      const att = await m.findOne(TipAttachmentEntity, { where: { id: attachmentId, tipId: tip.id } });
      if (!att) throw AppException.notFound('照片');
      await this.audit.append(m, {
        schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: copy === 'staff' ? 'tip.attachment_viewed' : 'tip.evidence_viewed',
        targetType: 'tip', targetId: tip.id, details: { attachmentId },
      });
      const chunks = await m.find(TipAttachmentChunkEntity, { where: { attachmentId, copy }, order: { seq: 'ASC' } });
      const data = await openChunks(this.crypto, att.keyId, chunks, (seq) => `tip_attachment:${attachmentId}:${copy}:${seq}`, m);
      return { data, mime: copy === 'staff' ? 'image/jpeg' : att.mime };
    });
  }
}
