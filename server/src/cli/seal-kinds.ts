import { SealKinds } from '../platform/audit/seal/seal-kinds';
import { noticeReceiptSealKind } from '../features/notices/notice-receipt-seal';
import { pledgeSignatureSealKind } from '../features/pledges/pledge-signature-seal';

/**
 * The seal kinds the command-line verifier recomputes: the same ones the features register in the server (one line
 * per kind; test/db/seals.db-spec.ts fails when this list and the server's registry differ).
 */
export function cliSealKinds(): SealKinds {
  const kinds = new SealKinds();
  kinds.register(noticeReceiptSealKind);
  kinds.register(pledgeSignatureSealKind);
  return kinds;
}
