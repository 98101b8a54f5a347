import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { PosterService } from './posters.service';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';

const PDF = 'application/pdf';

/**
 * The h5 app's address as the caller reached this server (behind a proxy trusted by TRUST_PROXY, as the proxy
 * saw it): a poster's fallback QR code links there, so it opens the same deployment the poster came from.
 */
function h5Origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

function pdf(bytes: Buffer, asciiName: string, name: string): StreamableFile {
  return new StreamableFile(bytes, {
    type: PDF,
    disposition: attachmentDisposition(asciiName, name),
    length: bytes.length,
  });
}

@ApiTags('posters')
@Controller()
export class PostersController {
  constructor(private readonly service: PosterService) {}

  @Get('schools/:id/poster.pdf')
  @Authenticated({ permission: Permission.SCHOOL_MANAGE })
  @ApiProduces(PDF)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'A4 tip-box poster: the designated contact, 110 / 12355 and a code into the tip box' })
  @ApiResponse({ status: 409, description: 'POSTER_CONTACT_MISSING: the school has no designated contact yet' })
  async schoolPoster(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Req() req: FastifyRequest): Promise<StreamableFile> {
    return pdf(await this.service.schoolPoster(auth, id, h5Origin(req)), 'tip-box-poster.pdf', '倾诉信箱海报.pdf');
  }

  @Get('invite-codes/:id/poster.pdf')
  @Authenticated({ permission: Permission.INVITE_MANAGE })
  @ApiProduces(PDF)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'A4 poster of one class invite code with a code into the binding page' })
  @ApiResponse({ status: 404, description: 'INVITE_CODE_INVALID: the code was revoked' })
  async invitePoster(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Req() req: FastifyRequest): Promise<StreamableFile> {
    return pdf(await this.service.invitePoster(auth, id, h5Origin(req)), 'invite-poster.pdf', '班级邀请海报.pdf');
  }
}
