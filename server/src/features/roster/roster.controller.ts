import { Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Permission } from '@anxin/shared';
import { Auth, Authenticated } from '../../platform/common/auth/auth.decorators';
import type { AuthContext } from '../../platform/common/auth/auth-context';
import { IdParamDto } from '../../platform/common/http/params.dto';
import { RosterImportQueryDto, RosterImportReportDto } from './roster.dto';
import { RosterService } from './roster.service';
import { DRY_RUN_NO, DRY_RUN_PATTERN, DRY_RUN_YES, readRosterUpload } from './roster-upload';
import { attachmentDisposition } from '../../platform/common/http/attachment-name';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('roster')
@Controller('schools/:id/roster')
export class RosterController {
  constructor(private readonly service: RosterService) {}

  /** 200 with the report when applied (or dryRun); 422 ROSTER_INVALID with the report as `details` when any row is wrong. */
  @Post()
  @HttpCode(200)
  @Authenticated({ permission: Permission.ROSTER_IMPORT })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: '.xlsx, at most 10 MB' },
        dryRun: {
          type: 'string', pattern: DRY_RUN_PATTERN.source,
          description: `validate and report only: ${DRY_RUN_YES.join('/')} (any case) mean a dry run, ${DRY_RUN_NO.filter(Boolean).join('/')} or empty an import; anything else is refused with 400`,
        },
      },
    },
  })
  @ApiOkResponse({ type: RosterImportReportDto })
  @ApiResponse({ status: 422, description: 'ROSTER_INVALID (details: the RosterImportReport with every problem; nothing applied) or ROSTER_FILE_UNREADABLE' })
  @ApiResponse({ status: 413, description: 'file larger than 10 MB' })
  async import(@Auth() auth: AuthContext, @Param() { id }: IdParamDto, @Query() q: RosterImportQueryDto, @Req() req: FastifyRequest): Promise<RosterImportReportDto> {
    const upload = await readRosterUpload(req, q.dryRun);
    return this.service.import(auth, id, upload.file, { dryRun: upload.dryRun });
  }

  @Get('template.xlsx')
  @Authenticated({ permission: Permission.ROSTER_IMPORT })
  @ApiProduces(XLSX)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async template(@Auth() auth: AuthContext, @Param() { id }: IdParamDto): Promise<StreamableFile> {
    return new StreamableFile(await this.service.template(auth, id), {
      type: XLSX,
      disposition: attachmentDisposition('roster-template.xlsx', '学生名单模板.xlsx'),
    });
  }
}
