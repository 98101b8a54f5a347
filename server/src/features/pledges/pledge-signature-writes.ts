import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CHILD_DATA_CONSENT_VERSION, ErrorCode, type SignPledgeResponse } from '@anxin/shared';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { Clock } from '../../platform/common/clock/clock';
import { AppException } from '../../platform/common/errors/app.exception';
import { CryptoService, type DataKey } from '../../platform/crypto/crypto.service';
import { Batcher, failed, succeeded, type Outcome } from '../../platform/database/batcher';
import { distinct } from '../../platform/database/in-lists';
import { insertManyIgnoringDuplicates } from '../../platform/database/insert-many';
import { entityRows } from '../../platform/database/entity-rows';
import { inTransaction } from '../../platform/database/transaction';
import { ConsentEntity } from '../identity/consent.entity';
import { checkSignaturePng, type CheckedSignature } from '../notices/signature-png';
import { PledgeAccess, type GuardianChild } from './pledge-access';
import { mayBeUnder14, studentPartRequired } from './pledge-audience';
import { signatureImageAad } from './pledge-copies';
import { pledgeStatus, signatureDay } from './pledge-days';
import type { SignPledgeDto } from './pledge-guardian.dto';
import { PledgeSignatureImageEntity, type PledgeSignaturePart } from './pledge-signature-image.entity';
import { PledgeSignatureSeal } from './pledge-signature-seal';
import { PledgeSignatureEntity } from './pledge-signature.entity';
import { PledgeVersionEntity } from './pledge-version.entity';

/** What a signature request answers: 201 when it made the signature, 200 for a retry of one already made. */
export interface SignOutcome {
  created: boolean;
  body: SignPledgeResponse;
}

/** A guardian's signature request, its images already checked (each part's outcome, thrown only if the part is used). */
interface SignRequest {
  auth: AuthContext;
  pledgeId: string;
  dto: SignPledgeDto;
  guardianPng: Outcome<CheckedSignature>;
  studentPng: Outcome<CheckedSignature> | null;
}

/** A request that passed its checks: the row it will insert, its images, and whether it records the child-data consent. */
interface Planned {
  request: SignRequest;
  row: PledgeSignatureEntity;
  images: { part: PledgeSignaturePart; checked: CheckedSignature }[];
  consent: boolean;
}

/** What the checks read for a batch, once for all its requests. */
interface Read {
  children: Outcome<GuardianChild>[];
  signatures: PledgeSignatureEntity[];
  consents: ConsentEntity[];
  versions: Pick<PledgeVersionEntity, 'pledgeId' | 'number' | 'textHash'>[];
}

/**
 * Batch size: a batch's IN lists are not split, and its images go to the database about a megabyte per INSERT
 * (a signature is at most 100 KB a part).
 */
const BATCH_MAX = 50;

/**
 * Signing the pledge for a child: the signature, its handwritten images, its seal leaf and the child-data consent,
 * written for the requests that arrive together in one transaction (group commit, `Batcher`): at 50 guardians
 * signing at once the database sees a couple of dozen statements per batch instead of a couple of dozen per
 * signature (docs/PLEDGES.md, "Signing at scale"). Each request keeps its own outcome and is checked alone, in the
 * order a single request always was: a retry with its client key, the child (404), closed, stale version, the slot
 * taken, the student's part, the consent, then its images. Idempotent: a retry with the same client key returns the
 * same signature; a second signature of the same slot (the child's, or with requireAllGuardians this guardian's),
 * at the same time or in the same batch, is refused by the unique key, so two submissions make one signature.
 */
@Injectable()
export class PledgeSignatureWrites {
  private readonly batcher: Batcher<SignRequest, SignOutcome>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
    private readonly crypto: CryptoService,
    private readonly seal: PledgeSignatureSeal,
    private readonly clock: Clock,
  ) {
    this.batcher = new Batcher((requests) => this.serve(requests), { max: BATCH_MAX, concurrent: 2 });
  }

  /**
   * Signs the current version for one child. The images are decoded here, in the request, before it joins a batch
   * (while another batch waits on the database); a part's refusal is thrown only where the checks reach it.
   */
  async sign(auth: AuthContext, pledgeId: string, dto: SignPledgeDto): Promise<SignOutcome> {
    const check = (part: PledgeSignaturePart, base64: string) => checkSignaturePng(Buffer.from(base64, 'base64'), { code: ErrorCode.PLEDGE_SIGNATURE_INVALID, details: { part } })
      .then(succeeded, failed);
    const guardianPng = await check('guardian', dto.guardianSignature);
    const studentPng = dto.studentSignature !== undefined ? await check('student', dto.studentSignature) : null;
    return this.batcher.call({ auth, pledgeId, dto, guardianPng, studentPng });
  }

  private async serve(requests: SignRequest[]): Promise<Outcome<SignOutcome>[]> {
    const now = this.clock.now();
    const earlier = await this.byClientKey(requests);
    const fresh = requests.filter((r) => !earlier.has(r));
    const read = await this.read(fresh);
    const planned = new Map<SignRequest, Outcome<Planned>>();
    fresh.forEach((r, i) => planned.set(r, attempt(() => this.plan(r, read.children[i], read, now))));
    const toWrite = [...planned.values()].flatMap((p) => (p.ok ? [p.value] : []));
    const made = toWrite.length ? await inTransaction(this.ds, (m) => this.record(m, toWrite, now)) : new Set<Planned>();
    // The slot taken — refused by its checks, or not made by the INSERT: another signature holds it, or this very request
    // was made meanwhile (the same client key: in this batch, or in another batch that committed after this one's retry
    // check and before its reads). Asked once more by client key, the second are a retry's answer, not a 409.
    const lost = fresh.filter((r) => {
      const p = planned.get(r)!;
      return p.ok ? !made.has(p.value) : p.error instanceof AppException && p.error.code === ErrorCode.PLEDGE_ALREADY_SIGNED;
    });
    const retried = lost.length ? await this.byClientKey(lost) : new Map<SignRequest, PledgeSignatureEntity>();
    return requests.map((r) => attempt((): SignOutcome => {
      const before = earlier.get(r) ?? retried.get(r);
      if (before) return { created: false, body: signed(before, r.dto.studentId) };
      const p = planned.get(r)!;
      if (!p.ok) throw p.error;
      if (made.has(p.value)) return { created: true, body: signed(p.value.row, r.dto.studentId) };
      throw alreadySigned();
    }));
  }

  /** The signatures these guardians already made with these client keys (one query), by request. */
  private async byClientKey(requests: SignRequest[]): Promise<Map<SignRequest, PledgeSignatureEntity>> {
    const rows = await entityRows.findBy(this.ds.manager, PledgeSignatureEntity, {
      pledge_id: distinct(requests.map((r) => r.pledgeId)), guardian_user_id: distinct(requests.map((r) => r.auth.userId)), client_key: distinct(requests.map((r) => r.dto.clientKey)),
    });
    const out = new Map<SignRequest, PledgeSignatureEntity>();
    for (const r of requests) {
      const row = rows.find((s) => s.pledgeId === r.pledgeId && s.guardianUserId === r.auth.userId && s.clientKey === r.dto.clientKey);
      if (row) out.set(r, row);
    }
    return out;
  }

  /** The children (PledgeAccess), their signatures of these pledges, the guardians' child-data consents, the current versions. */
  private async read(requests: SignRequest[]): Promise<Read> {
    if (!requests.length) return { children: [], signatures: [], consents: [], versions: [] };
    const m = this.ds.manager;
    const children = await this.pledgeAccess.guardianChildren(requests.map((r) => ({ guardianUserId: r.auth.userId, pledgeId: r.pledgeId, studentId: r.dto.studentId })), m);
    const found = children.flatMap((c) => (c.ok ? [c.value] : []));
    if (!found.length) return { children, signatures: [], consents: [], versions: [] };
    const pledgeIds = distinct(found.map((c) => c.pledge.id));
    const studentIds = distinct(found.map((c) => c.student.id));
    // The other guardians' bindings play no part in signing: only the child's signatures of the pledge.
    const signatures = await entityRows.findBy(m, PledgeSignatureEntity, { pledge_id: pledgeIds, student_id: studentIds });
    const young = found.filter((c) => mayBeUnder14(c.cls.gradeNumber));
    const consents = await entityRows.findBy(m, ConsentEntity, {
      user_id: distinct(young.map((c) => c.binding.guardianUserId)), kind: 'child_data', student_id: distinct(young.map((c) => c.student.id)), version: CHILD_DATA_CONSENT_VERSION,
    });
    // The versions' numbers and hashes only (not their texts).
    const versions: Pick<PledgeVersionEntity, 'pledgeId' | 'number' | 'textHash'>[] = (await m.query(
      `SELECT pledge_id, number, text_hash FROM ${m.connection.getMetadata(PledgeVersionEntity).tableName} WHERE pledge_id IN (${pledgeIds.map(() => '?').join(', ')})`, pledgeIds,
    ) as { pledge_id: string; number: unknown; text_hash: string }[]).map((v) => ({ pledgeId: v.pledge_id, number: Number(v.number), textHash: v.text_hash }));
    return { children, signatures, consents, versions };
  }

  /** One request's checks against what the batch read; its refusal is its own. */
  private plan(request: SignRequest, found: Outcome<GuardianChild>, read: Read, now: Date): Planned {
    if (!found.ok) throw found.error;
    const { pledge, binding, student, cls } = found.value;
    const { auth, dto } = request;
    if (pledgeStatus(pledge, now) === 'closed') throw AppException.conflict(ErrorCode.PLEDGE_CLOSED, '已过签署截止日期');
    if (dto.versionNumber !== pledge.currentVersion) {
      throw AppException.conflict(ErrorCode.PLEDGE_VERSION_STALE, '承诺书已更新，请阅读新版本后再签署', { versionNumber: pledge.currentVersion });
    }
    const current = read.signatures.filter((s) => s.pledgeId === pledge.id && s.studentId === student.id && s.versionNumber === pledge.currentVersion);
    // Taken: by another submission (409), or by this very request made since the retry check (`serve` asks again).
    if (current.some((s) => !pledge.requireAllGuardians || s.guardianUserId === auth.userId)) throw alreadySigned();
    const studentRequired = studentPartRequired(pledge, cls.gradeNumber);
    const needsStudent = studentRequired && !current.some((s) => s.hasStudentPart);
    if (dto.studentSignature !== undefined && !studentRequired) {
      throw AppException.unprocessable(ErrorCode.PLEDGE_SIGNATURE_INVALID, '这个年级的学生不需要签名', { part: 'student' });
    }
    if (needsStudent && dto.studentSignature === undefined) {
      throw AppException.unprocessable(ErrorCode.PLEDGE_STUDENT_SIGNATURE_REQUIRED, '请让孩子也在承诺书上签名');
    }
    const consent = mayBeUnder14(cls.gradeNumber) && !read.consents.some((c) => c.userId === auth.userId && c.studentId === student.id);
    if (consent && dto.childConsentVersion !== CHILD_DATA_CONSENT_VERSION) {
      throw AppException.unprocessable(ErrorCode.CONSENT_REQUIRED, '请先阅读并同意《儿童个人信息处理同意书》', { consentVersion: CHILD_DATA_CONSENT_VERSION });
    }
    if (!request.guardianPng.ok) throw request.guardianPng.error;
    const images: Planned['images'] = [{ part: 'guardian', checked: request.guardianPng.value }];
    if (needsStudent && request.studentPng) {
      if (!request.studentPng.ok) throw request.studentPng.error;
      images.push({ part: 'student', checked: request.studentPng.value });
    }
    const version = read.versions.find((v) => v.pledgeId === pledge.id && v.number === pledge.currentVersion);
    if (!version) throw new Error(`pledge ${pledge.id} has no version ${pledge.currentVersion}`);
    const row = this.ds.manager.create(PledgeSignatureEntity, {
      id: randomUUID(), pledgeId: pledge.id, schoolId: pledge.schoolId, studentId: student.id, classId: cls.id, guardianUserId: auth.userId,
      relation: binding.relation, versionNumber: version.number, textHash: version.textHash, slot: pledge.requireAllGuardians ? auth.userId : '',
      hasStudentPart: images.some((i) => i.part === 'student'), clientKey: dto.clientKey, signedOn: signatureDay(now),
    });
    return { request, row, images, consent };
  }

  /**
   * In one transaction: the signatures (one multi-row INSERT; a row whose slot or client key is taken — by another
   * transaction, or by an earlier request of this batch — is skipped), then for those made, their images encrypted
   * with the school's key, their seal leaves and the consents given with them. Returns the requests that made their signature.
   */
  private async record(m: EntityManager, planned: Planned[], now: Date): Promise<Set<Planned>> {
    const inserted = await insertManyIgnoringDuplicates(m, PledgeSignatureEntity, planned.map((p) => p.row));
    const stored = inserted === planned.length ? null
      : new Set((await m.find(PledgeSignatureEntity, { where: { id: In(planned.map((p) => p.row.id)) }, select: { id: true } })).map((s) => s.id));
    const made = planned.filter((p) => !stored || stored.has(p.row.id));
    if (!made.length) return new Set();
    const keys = new Map<string, DataKey>();
    for (const schoolId of distinct(made.map((p) => p.row.schoolId))) keys.set(schoolId, await this.crypto.schoolKey(m, schoolId));
    await insertManyIgnoringDuplicates(m, PledgeSignatureImageEntity, made.flatMap(({ row, images }) => images.map(({ part, checked }) => {
      const key = keys.get(row.schoolId)!;
      return {
        signatureId: row.id, part, schoolId: row.schoolId, keyId: key.id, data: this.crypto.encryptBytes(key, checked.png, signatureImageAad(row.id, part)),
        sha256: checked.sha256, width: checked.width, height: checked.height, size: checked.png.length,
      };
    })));
    await this.seal.sealMade(m, made.map(({ row, images }) => ({
      signature: row,
      imageSha256: { guardian: images.find((i) => i.part === 'guardian')?.checked.sha256 ?? null, student: images.find((i) => i.part === 'student')?.checked.sha256 ?? null },
    })));
    // PIPL art. 31: the guardian's consent to processing the child's data, kept to the day like every consent.
    const consents = made.filter((p) => p.consent).map((p) => ({ userId: p.row.guardianUserId, studentId: p.row.studentId }));
    const given = [...new Map(consents.map((c) => [`${c.userId}|${c.studentId}`, c])).values()];
    if (given.length) {
      // New rows with new ids (consents have no other unique key): nothing is skipped; one plain multi-row INSERT.
      await insertManyIgnoringDuplicates(m, ConsentEntity, given.map((c) => ({
        id: randomUUID(), userId: c.userId, kind: 'child_data', version: CHILD_DATA_CONSENT_VERSION, studentId: c.studentId, createdAt: now,
      })));
    }
    return new Set(made);
  }
}

/** The slot is another submission's: the child's signature of this version (or, when every guardian signs, this guardian's). */
function alreadySigned(): AppException {
  return AppException.conflict(ErrorCode.PLEDGE_ALREADY_SIGNED, '这份承诺书已经为孩子签过了');
}

/** The answer to a signature: a client key already used for another child is a conflict, not that child's signature. */
function signed(row: PledgeSignatureEntity, studentId: string): SignPledgeResponse {
  if (row.studentId !== studentId) throw AppException.conflict(ErrorCode.CONFLICT, '这个 clientKey 已用于另一个孩子的签署');
  return { id: row.id, signedOn: row.signedOn, versionNumber: row.versionNumber, textHash: row.textHash };
}

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return succeeded(fn());
  } catch (e) {
    return failed(e);
  }
}
