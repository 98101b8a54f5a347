import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { NoticeReceiptProofDto } from './notice-proof.dto';
import { NoticeProofsService } from './notice-proofs.service';
import { NoticeReceiptParamDto } from './notices.dto';

/** The proof that a receipt is sealed into the audit chain: for its guardian, and for staff who see its class. */
@ApiTags('notices')
@Controller()
export class NoticeProofController {
  constructor(private readonly proofs: NoticeProofsService) {}

  @Get('notices/:id/receipts/:receiptId/proof')
  @Authenticated()
  @ApiOkResponse({ type: NoticeReceiptProofDto, description: "the receipt, its leaf now, and the newest sealed leaf's Merkle path and audit entry (or when it will be sealed)" })
  proof(@Auth() auth: AuthContext, @Param() p: NoticeReceiptParamDto): Promise<NoticeReceiptProofDto> {
    return this.proofs.proof(auth, p.id, p.receiptId);
  }
}
