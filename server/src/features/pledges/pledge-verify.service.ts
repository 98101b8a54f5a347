import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Permission, pledgeTextHash, type PledgeSignatureVerifyResponse } from '@anxin/shared';
import { AuditSeals } from '../../platform/audit/seal/audit-seals';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { AppException } from '../../platform/common/errors/app.exception';
import { iso } from '../../platform/database/dates';
import { PledgeAccess } from './pledge-access';
import { PledgeExportsService } from './pledge-exports.service';
import { PLEDGE_SIGNATURE_SEAL_KIND, signatureLeaves } from './pledge-signature-seal';
import type { PledgeSignatureEntity } from './pledge-signature.entity';
import { PledgeSigningService } from './pledge-signing.service';
import { PledgeVersionEntity } from './pledge-version.entity';
import type { PledgeEntity } from './pledge.entity';

/**
 * Whether a signature is what was signed: the hash of the version's stored text recomputed and compared with the
 * signature's, and the signature's leaf recomputed from its rows now and compared with the sealed one (its Merkle
 * path and audit entry) or, before its day is sealed, with the waiting one (and when it will be sealed). For the
 * signer's family, and for staff who may see the child's class.
 */
@Injectable()
export class PledgeVerifyService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pledgeAccess: PledgeAccess,
    private readonly signing: PledgeSigningService,
    private readonly exports: PledgeExportsService,
    private readonly seals: AuditSeals,
  ) {}

  async verify(auth: AuthContext, pledgeId: string, signatureId: string): Promise<PledgeSignatureVerifyResponse> {
    const { pledge, signature } = await this.reach(auth, pledgeId, signatureId);
    const m = this.ds.manager;
    const version = await m.findOneOrFail(PledgeVersionEntity, { where: { pledgeId, number: signature.versionNumber } });
    const recomputed = pledgeTextHash(version.text);
    const leafHash = (await signatureLeaves(m, [signature.id])).get(signature.id)!;
    const status = await this.seals.status(m, pledge.schoolId, PLEDGE_SIGNATURE_SEAL_KIND, signature.id);
    const sealedMatches = status.proof !== null && status.proof.leafHash === leafHash;
    const pendingMatches = status.proof === null && status.pending?.leafHash === leafHash;
    const textHashMatches = recomputed === signature.textHash;
    return {
      signatureId: signature.id, versionNumber: signature.versionNumber, textHash: signature.textHash, recomputedTextHash: recomputed, textHashMatches, leafHash,
      sealed: status.proof ? sealedMatches : null, proof: status.proof,
      sealsAfter: status.proof ? null : iso(status.pending?.sealsAfter), ok: textHashMatches && (sealedMatches || pendingMatches),
    };
  }

  /** The signer's family first; anyone else goes through the staff rules (no tie to the school: 404; another class: 403). */
  private async reach(auth: AuthContext, pledgeId: string, signatureId: string): Promise<{ pledge: PledgeEntity; signature: PledgeSignatureEntity }> {
    try {
      return await this.signing.familySignature(auth, pledgeId, signatureId);
    } catch (e) {
      if (!(e instanceof AppException) || e.getStatus() !== 404) throw e;
    }
    const view = await this.pledgeAccess.pledge(auth, pledgeId, Permission.PLEDGE_READ);
    return { pledge: view.pledge, signature: await this.exports.staffSignature(view, signatureId) };
  }
}
