import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import {
  GuardianPledgeDetailDto, GuardianPledgeListDto, GuardianPledgeQueryDto, PledgeSignatureParamDto, PledgeSignedCopyDto, SignPledgeDto,
  SignPledgeResponseDto,
} from './pledge-guardian.dto';
import { PledgeSignatureWrites } from './pledge-signature-writes';
import { PledgeSigningService } from './pledge-signing.service';

/** Guardians: the pledges to sign for each bound child, reading one, signing, and the signed copy. Only their own children exist for them. */
@ApiTags('pledges (guardian)')
@Controller()
export class PledgeGuardianController {
  constructor(private readonly signing: PledgeSigningService, private readonly writes: PledgeSignatureWrites) {}

  @Get('me/pledges')
  @Authenticated()
  @ApiOkResponse({ type: GuardianPledgeListDto, description: 'one item per open pledge and bound child in its audience' })
  list(@Auth() auth: AuthContext): Promise<GuardianPledgeListDto> {
    return this.signing.list(auth);
  }

  @Get('me/pledges/:id')
  @Authenticated()
  @ApiOkResponse({ type: GuardianPledgeDetailDto, description: 'the current version for the child\'s grade; the changes when signing again' })
  detail(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: GuardianPledgeQueryDto): Promise<GuardianPledgeDetailDto> {
    return this.signing.detail(auth, id, q.studentId);
  }

  @Post('pledges/:id/signatures')
  @Authenticated()
  @ApiCreatedResponse({ type: SignPledgeResponseDto, description: 'signed (the day, Asia/Shanghai)' })
  @ApiOkResponse({ type: SignPledgeResponseDto, description: 'a retry with the same clientKey: the same signature' })
  @ApiResponse({ status: 409, description: 'PLEDGE_ALREADY_SIGNED, PLEDGE_VERSION_STALE (details.versionNumber), PLEDGE_CLOSED' })
  @ApiResponse({ status: 422, description: 'PLEDGE_SIGNATURE_INVALID (details.part), PLEDGE_STUDENT_SIGNATURE_REQUIRED, CONSENT_REQUIRED (details.consentVersion)' })
  async sign(
    @Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Body() dto: SignPledgeDto, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignPledgeResponseDto> {
    const { created, body } = await this.writes.sign(auth, id, dto);
    void reply.status(created ? 201 : 200);
    return body;
  }

  @Get('me/pledges/:id/signatures/:sid')
  @Authenticated()
  @ApiOkResponse({ type: PledgeSignedCopyDto, description: 'the signed copy, with both signatures as data URLs' })
  copy(@Auth() auth: AuthContext, @Param() p: PledgeSignatureParamDto): Promise<PledgeSignedCopyDto> {
    return this.signing.copy(auth, p.id, p.sid);
  }
}
