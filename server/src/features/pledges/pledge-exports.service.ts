import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Permission, RELATION_LABELS, type PledgeClassSignaturesResponse } from '@anxin/shared';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { ZipWriter } from '../../platform/common/export/zip-writer';
import { inTransaction } from '../../platform/database/transaction';
import { zipNamePart } from '../notices/signature-zip-names';
import { chunks } from '../../platform/database/in-lists';
import { posterFonts } from '../posters/poster-font';
import { AccessService } from '../tenancy/access.service';
import { PledgeAccess, type StaffPledge } from './pledge-access';
import { PledgeCopies } from './pledge-copies';
import { buildPledgeLedgerXlsx, newestSignatures } from './pledge-ledger';
import { renderPledgePdf } from './pledge-pdf';
import { loadProgress } from './pledge-progress';
import { PledgeSignatureEntity } from './pledge-signature.entity';
import { PledgeSigningService } from './pledge-signing.service';
import { PledgeVersionEntity } from './pledge-version.entity';

/** PDFs rendered and written per round of a class's zip (the zip is streamed; memory holds about one round). */
const ROUND = 20;

/** `<student>-v<version>.pdf`, made safe, unique in the archive ignoring case (`-2`, `-3` for a second of the same). */
export class PledgeZipNames {
  private readonly taken = new Set<string>();

  take(studentName: string, versionNumber: number): string {
    const base = `${zipNamePart(studentName, '学生')}-v${versionNumber}`;
    for (let n = 1; ; n++) {
      const name = `${n === 1 ? base : `${base}-${n}`}.pdf`;
      if (!this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}

/**
 * The pledge's files: the ledger (staff: the classes they may see), a class's current signatures with their ids, one
 * signed copy as PDF (staff of the child's class; the signer's family through the guardian route) and a class's
 * copies as one zip. Staff exports are audited (`pledge.exported`, what and how many) before the first byte; a
 * guardian fetching their own copy is not (what a guardian does is kept to the day, never as an entry with a time).
 */
@Injectable()
export class PledgeExportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
    private readonly signing: PledgeSigningService,
    private readonly copies: PledgeCopies,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async ledger(auth: AuthContext, pledgeId: string): Promise<Buffer> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    const children = await loadProgress(this.ds.manager, view.pledge, view.visible);
    const versions = await this.ds.getRepository(PledgeVersionEntity).find({ where: { pledgeId } });
    await this.audited(auth, view, { format: 'xlsx', classes: view.visible.length, students: children.length });
    return buildPledgeLedgerXlsx(view.pledge, view.school.name, versions, children);
  }

  async classSignatures(auth: AuthContext, pledgeId: string, classId: string): Promise<PledgeClassSignaturesResponse> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    const cls = this.pledgeAccess.requireClass(view, classId);
    const children = await loadProgress(this.ds.manager, view.pledge, [cls]);
    return {
      classId, className: cls.name, currentVersion: view.pledge.currentVersion,
      signatures: children.flatMap((c) => newestSignatures(c).map((s) => ({
        signatureId: s.id, studentId: c.studentId, studentName: c.studentName, relation: s.relation, relationLabel: RELATION_LABELS[s.relation] ?? s.relation,
        signedOn: s.signedOn, versionNumber: s.versionNumber, studentSigned: s.hasStudentPart, superseded: s.versionNumber < view.pledge.currentVersion,
      }))),
    };
  }

  /** Staff: a signature of a child in a class the caller may see (another class of the pledge: 403; another school: 404). */
  async staffPdf(auth: AuthContext, pledgeId: string, signatureId: string): Promise<{ pdf: Buffer; fileName: string }> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    const signature = await this.staffSignature(view, signatureId);
    await this.audited(auth, view, { format: 'pdf', signatureId, versionNumber: signature.versionNumber });
    return this.pdf(view.pledge, signature);
  }

  /** The signer's family: the guardian who signed, or another guardian of the child (else 404). Not audited. */
  async guardianPdf(auth: AuthContext, pledgeId: string, signatureId: string): Promise<{ pdf: Buffer; fileName: string }> {
    const { pledge, signature } = await this.signing.familySignature(auth, pledgeId, signatureId);
    return this.pdf(pledge, signature);
  }

  /** A class's current signed copies (each child's newest version signed), streamed as `<student>-v<version>.pdf`. */
  async classZip(auth: AuthContext, pledgeId: string, classId: string): Promise<{ stream: Readable; className: string }> {
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    const cls = this.pledgeAccess.requireClass(view, classId);
    const children = await loadProgress(this.ds.manager, view.pledge, [cls]);
    const names = new PledgeZipNames();
    const files = children.flatMap((c) => newestSignatures(c).map((s) => ({ id: s.id, name: names.take(c.studentName, s.versionNumber) })));
    await this.audited(auth, view, { format: 'zip', classId, files: files.length });
    const zip = new ZipWriter();
    const write = async () => {
      const fonts = await posterFonts();
      for (const round of chunks(files, ROUND)) {
        const rows = await this.ds.getRepository(PledgeSignatureEntity).find({ where: { pledgeId, id: In(round.map((f) => f.id)) } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        const copies = await this.copies.loadMany(this.ds.manager, view.pledge, round.map((f) => byId.get(f.id)!).filter(Boolean));
        for (const f of round) {
          const copy = copies.find((x) => x.copy.id === f.id);
          if (copy) await zip.add(f.name, await renderPledgePdf(copy, fonts), this.clock.now());
        }
      }
      await zip.finish();
    };
    void write().catch((e: unknown) => zip.fail(e instanceof Error ? e : new Error(String(e))));
    return { stream: zip.stream, className: cls.name };
  }

  /** A signature of the pledge in a class the caller may see. */
  async staffSignature(view: StaffPledge, signatureId: string): Promise<PledgeSignatureEntity> {
    const signature = await this.ds.getRepository(PledgeSignatureEntity).findOne({ where: { id: signatureId, pledgeId: view.pledge.id } });
    if (!signature) throw AppException.notFound('签署记录');
    if (!view.reach.schoolWide && !view.visible.some((c) => c.id === signature.classId)) throw AppException.forbidden('只能查看自己班级的签署');
    return signature;
  }

  private async pdf(pledge: StaffPledge['pledge'], signature: PledgeSignatureEntity): Promise<{ pdf: Buffer; fileName: string }> {
    const [copy, fonts] = await Promise.all([this.copies.load(this.ds.manager, pledge, signature), posterFonts()]);
    return { pdf: await renderPledgePdf(copy, fonts), fileName: new PledgeZipNames().take(copy.copy.student.name, signature.versionNumber) };
  }

  private audited(auth: AuthContext, view: StaffPledge, details: Record<string, unknown>): Promise<unknown> {
    return inTransaction(this.ds, (m) => this.audit.append(m, {
      schoolId: view.school.id, actorUserId: auth.userId, actorRole: this.access.actingRole(auth, view.school), action: 'pledge.exported',
      targetType: 'pledge', targetId: view.pledge.id, details,
    }));
  }
}
