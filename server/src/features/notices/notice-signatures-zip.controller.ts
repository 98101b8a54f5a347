import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { NoticeSignaturesZipService } from './notice-signatures-zip.service';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';

/** Staff: the signatures of their classes as one zip. */
@ApiTags('notices (staff)')
@Controller()
export class NoticeSignaturesZipController {
  constructor(private readonly zip: NoticeSignaturesZipService) {}

  @Get('notices/:id/signatures.zip')
  @Authenticated({ permission: Permission.NOTICE_READ })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: '<class>/<child>-<relation>.png for every signature of the caller\'s classes (audited)' })
  async signatures(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    return new StreamableFile(await this.zip.export(auth, id), {
      type: 'application/zip', disposition: attachmentDisposition('notice-signatures.zip', '家长签字.zip'),
    });
  }
}
