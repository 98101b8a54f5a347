import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Permission, RELATION_LABELS, compareNames } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { ZipWriter } from '../../platform/common/export/zip-writer';
import { CryptoService } from '../../platform/crypto/crypto.service';
import { inTransaction } from '../../platform/database/transaction';
import { AccessService } from '../tenancy/access.service';
import { StudentEntity } from '../tenancy/student.entity';
import { NoticeAccess } from './notice-access';
import { schoolClasses, type AudienceClass } from './notice-audience';
import { signatureAad } from './notice-answers';
import { NoticeReceiptStudentEntity } from './notice-receipt-student.entity';
import { NoticeSignatureEntity } from './notice-signature.entity';
import { chunks } from '../../platform/database/in-lists';
import { SignatureZipNames } from './signature-zip-names';

/** Signatures decrypted and written per round (the zip is streamed; memory holds about one round). */
const ROUND = 50;

interface ZipFile {
  name: string;
  receiptId: string;
}

/**
 * GET /notices/{id}/signatures.zip: every stored signature of the caller's classes (a teacher: theirs; a principal or
 * admin: every class the notice reaches), one PNG per child and guardian, `<class>/<child>-<relation>.png`. A
 * guardian who signed for two children of the classes appears under each. The export is audited
 * (`notice.signatures_exported`, with the number of files) before the first byte is sent; the zip is then written
 * while the client reads it.
 */
@Injectable()
export class NoticeSignaturesZipService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly noticeAccess: NoticeAccess,
    private readonly access: AccessService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(auth: AuthContext, noticeId: string): Promise<Readable> {
    const view = await this.noticeAccess.notice(auth, noticeId, Permission.NOTICE_READ);
    const { notice, school } = view;
    const classes = await schoolClasses(this.ds.manager, notice.schoolId, view.visibleClassIds);
    const files = await this.files(notice.id, classes);
    await inTransaction(this.ds, (m) => this.audit.append(m, {
      schoolId: school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, school), action: 'notice.signatures_exported',
      targetType: 'notice', targetId: notice.id, details: { files: files.length, classes: classes.length, contentHash: notice.contentHash },
    }));
    const zip = new ZipWriter();
    void this.write(zip, files, this.clock.now()).catch((e: unknown) => zip.fail(e instanceof Error ? e : new Error(String(e))));
    return zip.stream;
  }

  /** The files, by class (in the school's order), child's name and relation; signatures only. */
  private async files(noticeId: string, classes: AudienceClass[]): Promise<ZipFile[]> {
    if (!classes.length) return [];
    const links = await this.ds.getRepository(NoticeReceiptStudentEntity).find({ where: { noticeId, classId: In(classes.map((c) => c.id)) } });
    const signed = new Set<string>();
    for (const ids of chunks([...new Set(links.map((l) => l.receiptId))])) {
      for (const s of await this.ds.getRepository(NoticeSignatureEntity).find({ where: { receiptId: In(ids) }, select: { receiptId: true } })) signed.add(s.receiptId);
    }
    const rows = links.filter((l) => signed.has(l.receiptId));
    const names = new Map<string, string>();
    for (const ids of chunks([...new Set(rows.map((l) => l.studentId))])) {
      for (const s of await this.ds.getRepository(StudentEntity).find({ where: { id: In(ids) }, select: { id: true, name: true } })) names.set(s.id, s.name);
    }
    const order = new Map(classes.map((c, i) => [c.id, i]));
    const className = new Map(classes.map((c) => [c.id, c.name]));
    const zipNames = new SignatureZipNames();
    return rows
      .map((l) => ({ ...l, studentName: names.get(l.studentId) ?? '', relationLabel: RELATION_LABELS[l.relation] ?? l.relation }))
      .sort((a, b) => order.get(a.classId)! - order.get(b.classId)! || compareNames(a.studentName, b.studentName)
        || compareNames(a.relationLabel, b.relationLabel) || a.receiptId.localeCompare(b.receiptId))
      .map((r) => ({ name: zipNames.take(className.get(r.classId) ?? '', r.studentName, r.relationLabel), receiptId: r.receiptId }));
  }

  private async write(zip: ZipWriter, files: ZipFile[], date: Date): Promise<void> {
    for (const round of chunks(files, ROUND)) {
      const rows = await this.ds.getRepository(NoticeSignatureEntity).find({ where: { receiptId: In([...new Set(round.map((f) => f.receiptId))]) } });
      const sigs = new Map(rows.map((s) => [s.receiptId, s]));
      for (const f of round) {
        const sig = sigs.get(f.receiptId);
        if (!sig) continue; // removed since the list was made (not possible today: signatures are never deleted)
        await zip.add(f.name, await this.crypto.decryptBytes(sig.keyId, Buffer.from(sig.data), signatureAad(f.receiptId)), date);
      }
    }
    await zip.finish();
  }
}
