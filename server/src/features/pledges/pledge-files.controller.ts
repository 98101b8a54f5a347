import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { PledgeExportsService } from './pledge-exports.service';
import { PledgeClassSignaturesDto, PledgeSignatureVerifyDto } from './pledge-files.dto';
import { PledgeSignatureParamDto } from './pledge-guardian.dto';
import { PledgeVerifyService } from './pledge-verify.service';
import { PledgeClassParamDto } from './pledges.dto';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BINARY = { schema: { type: 'string', format: 'binary' } } as const;


/** The pledge's files (ledger, signed copies as PDF, a class's zip), a class's signatures and verifying a signature. */
@ApiTags('pledges (files)')
@Controller()
export class PledgeFilesController {
  constructor(private readonly exports: PledgeExportsService, private readonly verifier: PledgeVerifyService) {}

  @Get('pledges/:id/ledger.xlsx')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiProduces(XLSX)
  @ApiOkResponse({ ...BINARY, description: 'one row per child of the caller\'s classes (audited)' })
  async ledger(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.exports.ledger(auth, id);
    void reply.header('content-type', XLSX).header('content-disposition', attachmentDisposition('pledge-ledger.xlsx', '承诺书台账.xlsx')).header('cache-control', 'no-store');
    return file;
  }

  @Get('pledges/:id/classes/:classId/signatures')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiOkResponse({ type: PledgeClassSignaturesDto, description: 'each child\'s signatures of the newest version signed, with their ids' })
  classSignatures(@Auth() auth: AuthContext, @Param() p: PledgeClassParamDto): Promise<PledgeClassSignaturesDto> {
    return this.exports.classSignatures(auth, p.id, p.classId);
  }

  @Get('pledges/:id/classes/:classId/signatures.zip')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiProduces('application/zip')
  @ApiOkResponse({ ...BINARY, description: '<student>-v<version>.pdf per current signature of the class (audited)' })
  async classZip(@Auth() auth: AuthContext, @Param() p: PledgeClassParamDto): Promise<StreamableFile> {
    const { stream, className } = await this.exports.classZip(auth, p.id, p.classId);
    return new StreamableFile(stream, { type: 'application/zip', disposition: attachmentDisposition('pledge-signatures.zip', `${className}承诺书.zip`) });
  }

  @Get('pledges/:id/signatures/:sid.pdf')
  @Authenticated({ permission: Permission.PLEDGE_READ })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'a signed copy of a child of the caller\'s classes (audited)' })
  async staffPdf(@Auth() auth: AuthContext, @Param() p: PledgeSignatureParamDto): Promise<StreamableFile> {
    const { pdf, fileName } = await this.exports.staffPdf(auth, p.id, p.sid);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: attachmentDisposition('pledge.pdf', fileName) });
  }

  @Get('me/pledges/:id/signatures/:sid.pdf')
  @Authenticated()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ ...BINARY, description: 'the signed copy of the caller\'s family' })
  async guardianPdf(@Auth() auth: AuthContext, @Param() p: PledgeSignatureParamDto): Promise<StreamableFile> {
    const { pdf, fileName } = await this.exports.guardianPdf(auth, p.id, p.sid);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: attachmentDisposition('pledge.pdf', fileName) });
  }

  @Get('pledges/:id/signatures/:sid/verify')
  @Authenticated()
  @ApiOkResponse({ type: PledgeSignatureVerifyDto, description: 'the text hash recomputed and the seal of the signature\'s leaf' })
  verify(@Auth() auth: AuthContext, @Param() p: PledgeSignatureParamDto): Promise<PledgeSignatureVerifyDto> {
    return this.verifier.verify(auth, p.id, p.sid);
  }
}
