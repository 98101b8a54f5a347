import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, type TipInternalProgress, type TipInternalView, type TipNote } from '@anxin/shared';
import { AuditService } from '../../../platform/audit/audit.service';
import type { AuthContext } from '../../../platform/common/auth/auth-context';
import { Clock } from '../../../platform/common/clock/clock';
import { AppException } from '../../../platform/common/errors/app.exception';
import { CryptoService } from '../../../platform/crypto/crypto.service';
import { isoRequired } from '../../../platform/database/dates';
import { inTransaction } from '../../../platform/database/transaction';
import { staffRef, TipRecords } from '../tip-records';
import type { SetTipProgressDto } from './tip-notes.dto';
import { TipNoteEntity } from './tip-note.entity';
import { TipProgressEntity } from './tip-progress.entity';

export const noteAad = (id: string) => `tip_note:${id}`;
export const progressAad = (id: string) => `tip_progress:${id}`;

/**
 * Internal notes (内部备注) and the internal progress step of a case: staff only, never in the reporter's thread.
 * Who reads them is who may read the case (TipRecords.load 'content', tip-access.policy.ts); who writes them is who
 * handles it. Reading is a staff read of tip content and is audited (`tip.notes_viewed`) in the same transaction,
 * before the text leaves. Notes are append-only: there is no route to change or delete one.
 */
@Injectable()
export class TipNotesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: TipRecords,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async internal(auth: AuthContext, tipId: string): Promise<TipInternalView> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, access, role } = await this.records.load(m, auth, tipId, 'content');
      await this.audit.append(m, { schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.notes_viewed', targetType: 'tip', targetId: tip.id, details: {} });
      const notes = await m.find(TipNoteEntity, { where: { tipId: tip.id }, order: { createdAt: 'ASC' } });
      const latest = await m.findOne(TipProgressEntity, { where: { tipId: tip.id }, order: { setAt: 'DESC' } });
      const names = await this.records.names([...notes.map((n) => n.authorUserId), latest?.byUserId ?? null], m);
      const out: TipNote[] = [];
      for (const n of notes) out.push(await this.mapNote(m, n, names));
      return { notes: out, progress: latest ? await this.mapProgress(m, latest, names) : null, canWrite: access.handle };
    });
  }

  async addNote(auth: AuthContext, tipId: string, body: string): Promise<TipNote> {
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      const key = await this.crypto.tipKey(m, school.id, tip.id);
      const id = randomUUID();
      const row: TipNoteEntity = { id, tipId: tip.id, schoolId: school.id, authorUserId: auth.userId, bodyEnc: this.crypto.encryptText(key, body, noteAad(id)), createdAt: this.clock.now() };
      await m.insert(TipNoteEntity, row);
      await this.audit.append(m, { schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.note_added', targetType: 'tip', targetId: tip.id, details: { noteId: id } });
      return this.mapNote(m, row, await this.records.names([auth.userId], m));
    });
  }

  async setProgress(auth: AuthContext, tipId: string, dto: SetTipProgressDto): Promise<TipInternalProgress> {
    if (dto.step === 'other' && !dto.detail) throw AppException.badRequest(ErrorCode.VALIDATION_FAILED, '选择“其他”时请写明进展');
    return inTransaction(this.ds, async (m) => {
      const { tip, school, role } = await this.records.load(m, auth, tipId, 'handle');
      const key = await this.crypto.tipKey(m, school.id, tip.id);
      const id = randomUUID();
      const row: TipProgressEntity = {
        id, tipId: tip.id, schoolId: school.id, step: dto.step, detailEnc: this.crypto.encryptOptional(key, dto.detail, progressAad(id)), byUserId: auth.userId, setAt: this.clock.now(),
      };
      await m.insert(TipProgressEntity, row);
      // The step's name only: the free text stays out of the chain.
      await this.audit.append(m, { schoolId: school.id, actorUserId: auth.userId, actorRole: role, action: 'tip.progress_set', targetType: 'tip', targetId: tip.id, details: { step: dto.step } });
      return this.mapProgress(m, row, await this.records.names([auth.userId], m));
    });
  }

  private async mapNote(m: EntityManager, n: TipNoteEntity, names: Map<string, string>): Promise<TipNote> {
    return { id: n.id, author: staffRef(n.authorUserId, names)!, body: await this.crypto.decryptText(n.bodyEnc, noteAad(n.id), m), at: isoRequired(n.createdAt) };
  }

  private async mapProgress(m: EntityManager, p: TipProgressEntity, names: Map<string, string>): Promise<TipInternalProgress> {
    return { step: p.step, detail: await this.crypto.decryptOptional(p.detailEnc, progressAad(p.id), m), by: staffRef(p.byUserId, names)!, at: isoRequired(p.setAt) };
  }
}
